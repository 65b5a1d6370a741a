## Meetings of a space (issue 5): pages, forms, emails, calendar feeds, visio

meetings-nav = Meetings
meetings-title = Meetings – { $space }
meetings-new = Convene a meeting
meetings-upcoming = Upcoming meetings
meetings-past = Past meetings
meetings-none = No meeting planned.
meetings-status-cancelled = cancelled
meetings-convened-notice = The meeting is convened: invitations are on their way by email.
meetings-updated-notice = The meeting is changed: invitees receive the updated invitation.
meetings-cancelled-notice = The meeting is cancelled: invitees are told by email.
meetings-answered-notice = Your answer is saved.
meetings-minutes-notice = The minutes are saved.
meetings-back = Back to the meeting

meetings-new-title = Convene a meeting
meetings-edit-title = Change “{ $title }”
meetings-edit-intro = Invitees will receive the updated invitation; those you remove will receive a cancellation.
meetings-field-title = Title
meetings-field-agenda = Agenda
meetings-field-agenda-hint = In Markdown: one line per item, “-” for a list, **bold**.
meetings-field-when = Date and time
meetings-time-zone = Times of the territory ({ $zone }), daylight saving included.
meetings-field-date = Date
meetings-field-start = Start
meetings-field-end = End
meetings-field-where = Place
meetings-field-place = Address or room
meetings-field-place-hint = Leave empty for a meeting by visio only.
meetings-field-visio = With the territory’s visio
meetings-field-visio-none = No visio tool is configured for the territory.
meetings-field-invitees = People convened
meetings-invite-all = Every member of the space
meetings-invite-chosen = Only the members ticked below
meetings-save-new = Convene
meetings-save-update = Save and tell the invitees

meetings-error-title = Give the meeting a title.
meetings-error-date = Give a valid date, for example 2027-03-29.
meetings-error-start = Give the start time, for example 14:30.
meetings-error-end = Give the end time, for example 16:00.
meetings-error-end-before = The end must come after the start (a meeting fits in one day).
meetings-error-past = This date is past: choose a date to come.
meetings-error-time-skipped = { $value } does not exist on { $date }: clocks move to summer time then. Choose another time.
meetings-error-place = Give a place, or choose the visio.
meetings-error-no-visio = No visio tool is configured: give a place.
meetings-error-invitees = Choose at least one person to convene.
meetings-error-changed-meanwhile = Someone changed this meeting meanwhile: check the current version, then try again.
meetings-error-closed = This meeting no longer takes answers (past or cancelled).
meetings-error-answer = Choose an answer: present, absent or proxy.
meetings-error-holding = You hold { $name }’s proxy: you must attend as long as you hold it.
meetings-error-proxy-choose = Choose who holds your proxy.
meetings-error-proxy-self = You cannot hold your own proxy.
meetings-error-proxy-absent = { $name } will not attend: choose someone who does.
meetings-error-proxy-taken = { $name } already holds a proxy for this meeting (one proxy per person).

meetings-is-cancelled = This meeting is cancelled.
meetings-when = Date
meetings-place = Place
meetings-visio = Visio
meetings-join = Join the visio
meetings-visio-invitees-only = for the people convened only
meetings-visio-only = Visio
meetings-agenda = Agenda
meetings-my-answer = Your answer
meetings-holding = You hold { $name }’s proxy.
meetings-answer-legend = Will you attend?
meetings-answer = Answer
meetings-answer-pending = no answer
meetings-answer-yes = Present
meetings-answer-no = Absent
meetings-answer-proxy = Absent, I give my proxy
meetings-answer-proxy-to = Absent, proxy to { $name }
meetings-proxy-holder = Proxy given to
meetings-proxy-hint = Someone convened who attends; each holds one proxy at most.
meetings-proxy-none = (nobody)
meetings-answer-save = Save my answer
meetings-invitees = People convened
meetings-invitee = Person
meetings-minutes = Minutes
meetings-minutes-none = No minutes yet.
meetings-field-minutes = Text of the minutes
meetings-minutes-save = Save the minutes
meetings-manage = Manage the meeting
meetings-edit = Change the meeting
meetings-cancel = Cancel the meeting
meetings-cancel-hint = The cancellation is sent to each person convened; it cannot be undone.

meetings-visio-title = Visio
meetings-visio-cancelled = This meeting is cancelled: its visio is closed.
meetings-visio-none = No visio tool is configured for the territory; tell the administrator.
meetings-visio-unreachable = The visio service could not open the room. Try again in a moment; if it goes on, tell the administrator.

meetings-mail-convene-subject = Convocation: { $title } – { $date }
meetings-mail-convene-body =
    Hello { $name },

    { $inviter } convenes you to the meeting “{ $title }” of the space “{ $space }”.

    Date: { $date }
    Place: { $place }

    The attached invitation adds it to your calendar.
meetings-mail-update-subject = Changed: { $title } – { $date }
meetings-mail-update-body =
    Hello { $name },

    The meeting “{ $title }” of the space “{ $space }” has changed.

    Date: { $date }
    Place: { $place }

    The attached invitation updates your calendar.
meetings-mail-cancel-subject = Cancelled: { $title } – { $date }
meetings-mail-cancel-body =
    Hello { $name },

    The meeting “{ $title }” of the space “{ $space }”, planned on { $date }, is cancelled.

    The attached cancellation removes it from your calendar.
meetings-mail-uninvite-subject = No longer convened: { $title }
meetings-mail-uninvite-body =
    Hello { $name },

    You are no longer convened to the meeting “{ $title }” of the space “{ $space }” ({ $date }).

    The attached cancellation removes it from your calendar.
meetings-mail-visio = Visio (for the people convened): { $link }
meetings-mail-page = Meeting page: { $link }
meetings-mail-answer = Answer (present, absent or proxy) on the meeting page.

meetings-feed-mine-link = My meetings in my calendar (iCal address)
meetings-feed-mine-title = My meetings in my calendar
meetings-feed-mine-intro = Subscribe your calendar (Thunderbird, Outlook, your phone’s calendar…) to this secret address: it will show the meetings you are convened to, kept up to date.
meetings-feed-space-link = The space’s meetings in my calendar (iCal address)
meetings-feed-space-title = The meetings of “{ $space }” in my calendar
meetings-feed-space-intro = Subscribe your calendar to this secret address: it will show every meeting of the space, as long as you may see them.
meetings-feed-active = An address has been active since { $date }. It is not shown again: make a new one if you lost it.
meetings-feed-none = No address is active.
meetings-feed-create = Make the address
meetings-feed-regenerate = Replace with a new address
meetings-feed-revoke = Revoke the address
meetings-feed-revoked = The address is revoked: subscribed calendars receive nothing more.
meetings-feed-created = Your subscription address
meetings-feed-created-explain = Copy it into your calendar now: it will not be shown again. Anyone who knows it sees these meetings; do not share it.
meetings-feed-tab = iCal subscription
meetings-feed-url = iCal address
meetings-feed-mine-name = My meetings – { $territory }
meetings-feed-space-name = Meetings – { $space }

meetings-admin-link = The territory’s visio
meetings-admin-title = The territory’s visio
meetings-admin-active = Active tool: { $name }.
meetings-admin-none = No visio tool is configured: meetings can only take place in person.
meetings-admin-how = The tool is chosen in the server’s configuration (COMCOM_VISIO_* variables, see the documentation); the secret is never shown.
meetings-admin-address = Address
meetings-admin-app-id = Application id (iss)
meetings-admin-audience = Audience (aud)
meetings-admin-checksum = Checksum of calls
meetings-admin-api-key = API key
meetings-admin-client = Web application
meetings-admin-secret = Secret
meetings-admin-secret-hidden = configured (hidden)
meetings-provider-jitsi = Jitsi Meet (JWT tokens)
meetings-provider-bbb = BigBlueButton (API with checksum)
meetings-provider-livekit = LiveKit (access tokens)

meetings-cli-visio-provider = COMCOM_VISIO_PROVIDER “{ $input }” is unknown: choose jitsi, bbb, livekit or none.
meetings-cli-visio-missing = { $name } is required for this visio tool.
meetings-cli-visio-url = { $name } must be a full address (https://…).
meetings-cli-visio-secret = COMCOM_VISIO_SECRET is too short: 16 characters at least.
meetings-cli-visio-checksum = COMCOM_VISIO_CHECKSUM “{ $input }” is unknown: choose sha1 or sha256.

# Documents attached to a meeting
meetings-documents = Attached documents
meetings-documents-none = No document attached yet.
meetings-document-is-minutes = (minutes)
meetings-document-download = Download
meetings-document-mark-minutes = This is the minutes
meetings-document-unmark-minutes = This is no longer the minutes
meetings-document-detach = Remove from the meeting
meetings-field-attach = Attach a document of the space
meetings-field-attach-minutes = This document is the minutes
meetings-attach = Attach
meetings-field-upload = Or upload a new document into the space and attach it
meetings-upload = Upload and attach
meetings-field-documents = Attached documents
meetings-field-documents-hint = Documents of the space to attach: the convocation gives their links (each link checks the person's rights). You can attach others on the meeting's page.
meetings-error-document = Choose a document of this space (not in the trash).
meetings-document-attached-notice = The document is attached to the meeting.
meetings-document-detached-notice = The document is removed from the meeting; it stays in the space's documents.
meetings-document-minutes-notice = The minutes are saved.
meetings-mail-documents = Attached documents (links to the space):
