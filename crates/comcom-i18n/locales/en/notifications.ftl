## Activity stream, notifications and their emails.

event-someone = Someone
event-article-published = { $actor } published the news item “{ $title }”
event-thread-created = { $actor } started the discussion “{ $title }”
event-reply-posted = { $actor } replied in “{ $title }”
event-post-edited = { $actor } edited a post in “{ $title }”
event-document-uploaded = { $actor } uploaded the document “{ $title }”
event-document-new-version = { $actor } uploaded a new version of “{ $title }”
event-document-deleted = { $actor } deleted the document “{ $title }”
event-meeting-convened = { $actor } convened the meeting “{ $title }”
event-meeting-updated = { $actor } changed the meeting “{ $title }”
event-meeting-cancelled = { $actor } cancelled the meeting “{ $title }”
event-member-joined = { $title } joined the space
event-member-left = { $title } left the space
event-mention = { $actor } mentioned you in “{ $title }”

mail-notification-subject = [{ $space }] { $message }
mail-notification-body =
    Hello,

    { $message }, in the space “{ $space }”.

    { $link }

    You receive this email because of your notification settings for this space, which you can change here:
    { $url }
mail-digest-subject = Your notifications of { $date } – { $territory }
mail-digest-line = – { $date }: { $message }
mail-digest-body =
    Hello,

    Here is what happened in your spaces ({ $total ->
        [one] one notification
       *[other] { $total } notifications
    }):

    { $message }

    All your notifications:
    { $url }
cli-digest-hour-invalid = COMCOM_DIGEST_HOUR “{ $input }” must be an hour between 0 and 23.
