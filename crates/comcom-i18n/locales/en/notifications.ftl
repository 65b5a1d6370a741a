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

space-activity = Space activity
space-notification-settings = My notifications for this space
nav-notifications = Notifications{ $count ->
    [0] { "" }
   *[other] { " " }({ $count } unread)
}
activity-title = Activity – { $space }
activity-heading = Activity
activity-none = Nothing has happened in this space yet.
activity-newest = Newest
activity-older = Older
notifications-title = Notifications
notifications-unread = { $count ->
    [0] No unread notifications.
    [one] 1 unread notification.
   *[other] { $count } unread notifications.
}
notifications-mark-all = Mark all as read
notifications-mark = Mark as read
notifications-mark-one = Mark as read: { $title }
notifications-new = unread
notifications-none = No notifications yet.
notification-settings-title = My notifications – { $space }
notification-settings-heading = My notifications for this space
notification-settings-saved = Your settings are saved.
notification-settings-not-member = You are not a member of this space: you will get notifications once you are.
notification-settings-legend = For what happens in this space, I want
notification-delivery-default = the default: an email at once when I am mentioned, the daily digest for the rest
notification-delivery-immediate = an email for each event
notification-delivery-daily = one email a day, the digest
notification-delivery-none = no email (only the list of notifications on the site)
notification-settings-save = Save
error-delivery = Choose one of the options offered.
