import {createStyle} from '../../../src/cli/style'
import {renderApplicationView} from '../../../src/cli/views/application-view'
import {renderStatusListView} from '../../../src/cli/views/status-list-view'
import {renderOfficeView} from '../../../src/cli/views/office-view'
import {renderPasswordsView} from '../../../src/cli/views/passwords-view'
import {renderReviewCheckView} from '../../../src/cli/views/review-check-view'
import {renderSubmissionResult, renderTransitionResult, renderImportResult} from '../../../src/cli/views/result-view'
import {seedApplicationView, seedOfficeView, seedStatusListView} from './seed-views'
const width = Number(process.env.W) || undefined
const locale = (process.env.L ?? 'ja') as 'ja' | 'en'
const style = createStyle(process.env.C === '1')
const o = {maxWidth: width}
console.log(renderApplicationView(seedApplicationView({supersededBy: '2101932C', passwordsVisibleUntil: '2021-02-05', remarks: 'テスト'}), locale, style, o))
console.log('=====')
console.log(renderStatusListView(seedStatusListView(), locale, style, o))
console.log('=====')
console.log(renderOfficeView(seedOfficeView(), locale, style, o))
console.log('=====')
console.log(renderPasswordsView({receiptNo: '2101932C', visibleUntil: '2021-02-05', passwords: [{userCode: '1ANAC', ident: 'A0A', password: 'K3X9P2QZ'}]}, locale, style, o))
console.log('=====')
console.log(renderReviewCheckView({receiptNo: '2101910C', findings: [{code: 'reset_selfservice', message: '1ANAC には申込にない利用者ID 1ANACA03 があり、URY で初期化できます。', notice: 'こちらのパスワード初期化は承る事が出来ません。'}], notice: 'こちらのパスワード初期化は承る事が出来ません。'}, locale, style, o))
console.log(renderReviewCheckView({receiptNo: '2101910C', findings: [], notice: ''}, locale, style, o))
console.log('=====')
console.log(renderSubmissionResult({receiptNo: '2101932C', status: 'received', supersedes: '2101910C'}, locale, style))
console.log(renderTransitionResult({receiptNo: '2101932C', status: 'completed'}, locale, style))
console.log(renderImportResult({offices: 1, userCodes: 3, userIds: 7}, locale, style))
