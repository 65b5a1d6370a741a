## Letters to elected officials (lettre aux élus)

letters-title = Letter to elected officials
letters-intro = The letter keeps the territory's municipal and community councillors informed between council meetings.
letters-all = All letters
letters-none = No letter yet.
letters-archive = Sent letters
letters-archive-none = No sent letter you may read.
letters-feed = Atom feed of public letters
letters-feed-title = Letter to elected officials – { $name }
letters-mail-folder = No SMTP server is configured (COMCOM_SMTP_URL): messages are written to the local mail folder and do not reach their recipients.
letters-bounces = Failing addresses
letters-bounces-intro = Delivery status notifications read by "comcom mail bounces" are counted per address; after several permanent failures, letters are no longer sent to the address.
letters-bounces-none = No failing address.
letter-bounce-address = Address
letter-bounce-counts = Permanent / temporary failures
letter-bounce-last = Last notification
letter-bounce-stopped = Sending stopped
letter-bounce-watched = Watched
letter-state = State
letter-date = Date
letter-new = New letter
letter-edit = Edit the letter
letter-field-subject = Subject
letter-field-body = Text of the letter
letter-field-body-hint = Markdown: **bold**, *italic*, ## heading, - list, [link](https://…), ![image](https://…). A paragraph holding only a link to a news article of the site becomes a card.
letter-field-audience = Recipients
letter-audience-councillors = All municipal councillors of the territory
letter-audience-mayors = Mayors only
letter-audience-community = Community councillors
letter-audience-development-council = The development council
letter-audience-communes = The municipal councillors of a commune
letter-audience-spaces = The members of a space
letter-audience-saved = Saved lists
letter-field-save-as = Save these recipients as
letter-field-save-as-hint = Optional: the list can be chosen for a later letter.
letter-field-public = Public archive: anyone may read the letter once sent (otherwise only its recipients)
letter-preview = Preview of the message
letter-preview-html = HTML version
letter-preview-text = Text version
letter-preview-submit = Preview
letter-save = Save the draft
letter-card-article = News
letter-error-subject-missing = Give the letter a subject.
letter-error-subject-long = The subject may not exceed { $max } characters.
letter-error-subject-control = The subject may not contain a line break.
letter-error-body-missing = Write the text of the letter.
letter-error-body-long = The text may not exceed { $max } characters.
letter-error-audience-missing = Choose at least one group of recipients.
letter-error-audience-nobody = Nobody among these recipients can be reached: none has an email address. Choose other recipients.
letter-error-save-as = The list name fits in 100 characters, without line breaks.
letter-error-address = "{ $input }" is not an email address.
letter-error-too-many-addresses = A test goes to { $max } addresses at most.
letter-error-no-test-address = Give at least one address for the test.
letter-error-schedule-invalid = Give the date and time of sending, for example 2026-12-10T09:00.
letter-error-schedule-past = This date has passed: choose a future date, or send now.
letter-error-when = Choose to send now or at a date.
letter-status-draft = Draft
letter-status-scheduled = Scheduled
letter-status-sending = Sending
letter-status-paused = Paused
letter-status-cancelled = Cancelled
letter-status-sent = Sent
letter-done-test = The test went to the addresses given.
letter-done-sending = Sending has started.
letter-done-scheduled = Sending is scheduled.
letter-done-paused = Sending is paused.
letter-done-resumed = Sending resumes.
letter-done-cancelled = Sending is cancelled; messages already sent cannot be recalled.
letter-done-public = The archive's visibility is saved.
letter-audience-count = Reachable recipients
letter-unreachable-count = without an email address
letter-recipients-link = See the list
letter-recipients = Recipients
letter-recipients-title = Recipients of "{ $name }"
letter-unreachable = People without an email address
letter-unreachable-intro = These people are among the chosen recipients but will not receive the letter: add their address to their record.
letter-reachable = People who will receive the letter
letter-reachable-none = Nobody yet.
letter-stats = Delivery
letter-stats-total = Messages
letter-stats-sent = Accepted by the server
letter-stats-waiting = Waiting
letter-stats-failed = Permanent failures
letter-stats-unsubscribed = Unsubscribed
letter-stats-bounced = Stopped addresses
letter-stats-privacy = No tracking pixel and no rewritten links: comcom does not know who opens the letter or what is clicked.
letter-actions = Test and send
letter-test = Send a test
letter-test-me = To myself
letter-test-addresses = Other addresses
letter-test-addresses-hint = Separated by commas, 10 at most.
letter-test-submit = Send the test
letter-test-prefix = [Test]
letter-send = Send the letter
letter-send-now = Now
letter-send-schedule = At the following date
letter-field-scheduled-at = Date and time of sending
letter-send-submit = Send
letter-pause = Pause
letter-resume = Resume sending
letter-cancel = Cancel sending
letter-public-submit = Save the visibility
letter-sent-on = Sent on
letter-manage-link = Manage this letter
letter-mail-why = You receive this newsletter as an elected official or member of a body of { $territory }.
letter-mail-read-online = Read online
letter-mail-read-online-text = Read online:
letter-mail-unsubscribe = Unsubscribe
letter-mail-unsubscribe-text = Unsubscribe:
unsubscribe-title = Unsubscribing from the letter to elected officials
unsubscribe-confirm = Do you confirm you no longer want the letter to elected officials at this address?
unsubscribe-submit = Unsubscribe me
unsubscribe-done = Done: you will no longer receive the letter to elected officials at this address.

## Letters: settings and command line

cli-letter-rate-invalid = COMCOM_LETTER_RATE is "{ $input }": give a number of messages per second between 0.1 and 10000.
cli-bounce-limit-invalid = COMCOM_BOUNCE_LIMIT is "{ $input }": give a whole number from 1 to 100.
cli-dkim-selector-missing = COMCOM_DKIM_KEY_FILE is set without COMCOM_DKIM_SELECTOR: give the selector published in DNS.
cli-dkim-selector-invalid = COMCOM_DKIM_SELECTOR must be a plain DNS label (letters, digits, hyphens).
cli-dkim-key-unreadable = Cannot read the DKIM key { $path }: { $reason }
cli-dkim-key-invalid = The DKIM key { $path } is not an RSA private key in PKCS#1 PEM form ("BEGIN RSA PRIVATE KEY").

## Letters: bounces (comcom mail bounces)

cli-help-mail = Mail: delivery status notifications
cli-help-mail-bounces = Reads delivery status notifications (DSN) and counts failures per address
cli-help-mail-bounces-files = .eml files of the notifications
bounces-file-invalid = { $path }: { $reason }
bounces-nothing-changed = Nothing was recorded; remove or fix this file, then run the command again.
bounces-too-large = the file is larger than 10 MB.
bounces-no-headers = this file has no message headers.
bounces-not-report = this message is not a delivery status notification (multipart/report).
bounces-no-boundary = the report does not give the boundary of its parts.
bounces-no-status = the report has no message/delivery-status part.
bounces-no-recipient = the report names no recipient with an action and a status.
bounces-bad-status = a delivery status is not of the form class.subject.detail (for example 5.1.1).
bounces-hard = { $email }: permanent failure { $value } ({ $total } in all).
bounces-hard-stopped = { $email }: permanent failure { $value } ({ $total } in all); letters are no longer sent to it.
bounces-soft = { $email }: temporary failure { $value }.

## Letters: editors

letters-editors = Letter editors
letters-editors-intro = These people may write, test and send letters without administering the territory (for example the communication officer).
letters-editors-none = Nobody besides the administrators yet.
letters-editor-email = Email address of the person to add
letters-editor-submit = Allow to write letters
letter-error-editor-unknown = No account has this address: invite the person first.

## Letters: the JSON API

api-error-letter-state = The letter is not in a state that allows this (already sent, sending or cancelled).
api-field-audience = This field must be a list of audience choices, for example ["mayors", "commune:38153"].
api-field-audience-unknown = “{ $input }” is not an audience choice of this territory: councillors, mayors, community, development_council, commune:INSEE, space:SLUG or saved:NUMBER.
api-field-boolean = This field must be true or false.
api-field-addresses = This field must be a list of email addresses.
api-field-when = Possible values: “now” or “schedule”.
api-field-scheduled-at-missing = A scheduled sending needs its date (scheduled_at).
api-field-scheduled-at-unexpected = A sending date goes only with “schedule”.

## Letters: the sender's mailbox (comcom mail inbox)

cli-help-mail-inbox = Reads the messages received at the letters' sender address: delivery status notifications and unsubscribe requests
cli-help-mail-inbox-files = .eml files of the messages received
inbox-not-understood = this message is neither a delivery status notification nor an unsubscribe request (subject “unsubscribe TOKEN”).
inbox-unsubscribed = { $email }: unsubscribed from the letter to elected officials at their request.
inbox-unsubscribe-unknown = { $path }: this unsubscribe token is not known; nothing changed.

## Letters: the territory's logo (administration)

logo-title = Territory logo
logo-explain = The logo heads the letter to elected officials, next to the territory's name. PNG or JPEG, 512 KB at most; SVG is refused (it can carry scripts and many mail clients do not show it).
logo-current = Current logo of the territory
logo-file = Logo file (PNG or JPEG)
logo-submit = Save the logo
logo-remove = Remove the logo
logo-done = The logo is saved.
logo-removed = The logo is removed.
logo-error-missing = Choose a PNG or JPEG file.
logo-error-type = This file is neither a PNG nor a JPEG (SVG is not accepted).
logo-error-too-large = The logo cannot be larger than { $max } KB.
