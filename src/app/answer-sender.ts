/**
 * The daemon's answers go out while the next replies are read (issue 6 part 4; docs/performance.md).
 *
 * A reply's answer (the new receipt mail, the withdrawal mail, a reply-error mail) is committed to the
 * outbox with the reply's outcome. Sending it waits on the SMTP server for most of its time; the
 * daemon used to send all of a cycle's answers after the last reply was read, so those waits added up
 * to a third of a busy cycle. The sender delivers each answer as soon as its reply has committed,
 * through one mail pipeline (one SMTP connection) kept open for the cycle, while the reading goes on:
 * the server's waits overlap the next reply's work. Nothing changes in what is sent or how a row is
 * claimed and marked (deliver-outbox.use-case.ts): the sender is one more deliverOutbox caller.
 */
import type {OutboundMailer} from '../mail/outbound/mailer'
import type {DeskContext} from './context'
import {deliverOutbox, DeliveryReport, MailDeliveryView} from './deliver-outbox.use-case'

export class AnswerSender {
  private mailer: OutboundMailer | null = null
  private running: Promise<void> | null = null
  private isDirty = false
  private isClosing = false
  /** The server could not be used, or sending failed: the rest waits, pending, for the next run. */
  private isHalted = false
  private failure: unknown = null

  constructor(
    private readonly ctx: DeskContext,
    private readonly options: {
      onMail: (mail: MailDeliveryView) => void
      /** Told of each delivery run: its counts, and whether the server could not be used. */
      onDelivery: (delivery: DeliveryReport) => void
      /** Aborted: the mail at hand is finished, the rest waits for the next run. */
      signal?: AbortSignal
    },
  ) {}

  /** New answers were committed: sends them now, or right after the run at hand. */
  kick(): void {
    if (this.isClosing || this.isHalted) return
    this.isDirty = true
    this.running ??= this.work().finally(() => {
      this.running = null
    })
  }

  /**
   * Waits for every answer kicked so far, then closes the pipeline. Throws what made sending fail
   * (the templates, the store); a server that could not be used was reported through `onDelivery`.
   */
  async finish(): Promise<void> {
    this.isClosing = true
    await this.running
    await this.mailer?.close()
    this.mailer = null
    if (this.failure) throw this.failure
  }

  private async work(): Promise<void> {
    while (this.isDirty && !this.isHalted && !this.options.signal?.aborted) {
      this.isDirty = false
      try {
        if (!this.mailer) {
          const {OutboundMailer} = await import('../mail/outbound/mailer')
          this.mailer = await OutboundMailer.open(this.ctx.config, this.ctx.secret())
        }
        const delivery = await deliverOutbox(this.ctx, {onlyNew: true}, {onMail: this.options.onMail, mailer: this.mailer, signal: this.options.signal})
        this.options.onDelivery(delivery)
        if (delivery.stoppedBy) this.isHalted = true
      } catch (error) {
        this.failure = error
        this.isHalted = true
      }
    }
  }
}
