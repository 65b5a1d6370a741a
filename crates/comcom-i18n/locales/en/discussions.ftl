## Discussions: threads, replies, edits and their history.

space-discussions = Discussions
discussions-title = Discussions – { $space }
discussions-heading = Discussions
discussions-none = No discussions yet.
discussions-new = new
discussions-unread = { $count ->
    [one] 1 unread post
   *[other] { $count } unread posts
}
discussions-meta = Started by { $name } · { $count ->
    [0] no replies
    [one] 1 reply
   *[other] { $count } replies
} · last post on { $date }
discussions-new-thread = Start a discussion
discussions-create = Publish the discussion
field-thread-title = Subject
field-post-body = Message
field-reply-body = Your reply
field-post-body-hint = In Markdown. To mention a member of the space, write @firstname.lastname (for instance @agnes.bouvier): they will be told.
thread-pinned = Pinned
thread-locked = Locked
thread-pin = Pin to the top of the list
thread-unpin = Unpin
thread-lock = Lock (no more replies)
thread-unlock = Unlock
thread-locked-notice = This discussion is locked: no more replies can be posted.
thread-replies = { $count ->
    [0] No replies
    [one] 1 reply
   *[other] { $count } replies
}
thread-reply = Reply
thread-reply-submit = Publish the reply
post-new = new
post-edit = Edit this post
post-edited = edited on { $date } by { $name }
post-heading = Post by { $name }
post-edit-title = Edit a post
post-edit-note = The previous version stays visible to members in the post's history.
post-edit-submit = Save
post-edit-cancel = Cancel
history-title = Post history
history-back = Back to the discussion
history-current = Current version, of { $date }
history-version = Version by { $name }, of { $date }
history-thread-title = Subject at the time: { $title }
error-post-empty = Write a message.
error-thread-title-empty = Give the discussion a subject.
error-thread-locked = This discussion is locked: your reply was not published.
