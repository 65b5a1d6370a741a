# Personal data: the export, deletion requests and their handling.

mydata-link = My personal data: download it, ask for its deletion
mydata-title = My personal data
mydata-intro = The platform of { $the_territory } keeps what is needed to work together: your record, your mandates, your spaces, your sign-ins and what you published. You can download all of it and ask for your data to be deleted (GDPR, articles 15, 17 and 20).
mydata-export-title = Download my data
mydata-export-lead = A ZIP file holds everything the platform keeps about you, as readable JSON files, with the images of your news. Secrets (password, tokens) are never in it, not even hashed.
mydata-export-download = Download my data (ZIP)
mydata-export-readme =
    Personal data — { $the_territory }
    Exported on { $date }.

    Each JSON file holds a list of records:
    person.json (your record), mandates.json (your mandates, current and ended),
    memberships.json (your spaces and role), space_invitations.json,
    email_links.json (sign-in links sent, without their secret),
    sessions.json (sign-ins, without their secret), api_tokens.json (tokens, without their secret),
    admin_grants.json, commune_agent.json, deletion_requests.json,
    audit_events.json (the audit log about you),
    notifications.json, notification_preferences.json, threads.json, posts.json,
    post_revisions.json (your discussions), letters_received.json, letters_written.json,
    letter_unsubscriptions.json, letter_editor.json (letters to elected officials),
    meetings_organised.json, meeting_answers.json, calendar_feeds.json (meetings),
    articles.json and the articles/ folder (your news and their images).
mydata-delete-title = Ask for my data to be deleted
mydata-delete-lead = An administrator of the territory handles the request. Once done:
mydata-delete-goes = your email address, phone, password, sign-ins, tokens, invitations, space memberships, notifications and mandates entered by hand are deleted, and your name becomes “Personne supprimée” (deleted person);
mydata-delete-stays-content = what you published (news, messages) stays, attributed to “Personne supprimée”, because others replied to it or refer to it; ask the space’s facilitator to remove a particular item;
mydata-delete-stays-log = the audit log keeps the trace of changes by person number, without your name.
mydata-kept-title = What cannot be deleted, and why
mydata-kept-rne = The names and mandates of elected officials come from the national register of elected officials, which the State publishes as open data. Showing them is a task in the public interest (informing inhabitants about their representatives): the right to erasure does not apply to them (GDPR, article 17(3)(b)). They stay as long as the register lists the mandate; everything else is deleted.
mydata-kept-you = You hold mandates from this register: your name and these mandates will stay visible.
mydata-confirm = I ask for my personal data to be deleted and understand that I will no longer be able to sign in.
mydata-request = Ask for deletion
mydata-error-confirm = Tick the box to confirm your request.
mydata-requested = Your request was recorded. An administrator will handle it.
mydata-request-cancelled = Your deletion request was cancelled.
mydata-pending = Deletion request pending since
mydata-cancel = Cancel my request
mydata-requests-title = Data deletion requests
mydata-requests-lead = Carrying out a request deletes the person’s personal data at once (see “My personal data”). The names and mandates of elected officials from the national register stay, as public data.
mydata-requests-none = No request.
mydata-requested-on = Requested on
mydata-status = Status
mydata-status-pending = Pending
mydata-status-done = Done
mydata-status-cancelled = Cancelled by the person
mydata-elected = elected official (name kept)
mydata-carry-out = Carry out the deletion
mydata-carry-out-label = Carry out the deletion of the data of { $name }
mydata-carried-out = The personal data were deleted.
mydata-deleted-name = Personne supprimée
