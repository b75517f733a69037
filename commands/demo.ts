import {DeskCommand, terminalWidth} from '../src/cli/base-command'
import {renderDemoStep} from '../src/cli/views/demo-view'
import {SCREEN_LABELS} from '../src/cli/labels'

export default class Demo extends DeskCommand {
  static override summary = "Walk the seed's whole scenario in a fresh temporary home"
  static override description = 'Imports the example office, applies (password reset for 1ANAC A0A/A01 and a registration change for 1BNAC), sends a query from the review check, amends (new receipt number), completes, and shows the issued passwords, printing each step and each mail. Touches nothing outside a new temporary folder.'
  static override examples = ['<%= config.bin %> demo']

  async run() {
    await this.parse(Demo)
    const {runDemo} = await import('../src/app/demo.use-case')
    const steps: unknown[] = []
    const result = await runDemo(step => {
      steps.push(step)
      this.print(renderDemoStep(step, this.locale, this.style, terminalWidth()))
    })
    this.print(`\n${SCREEN_LABELS[this.locale].demoHome(result.home)}`)
    return {home: result.home, steps}
  }
}
