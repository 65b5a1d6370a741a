# Membership of the extranet: invitations into a space, filters, leaving,
# a commune's people, the audit log.

spaces-invitations = Pending invitations
spaces-unread = { $count ->
    [one] { $count } unread
   *[other] { $count } unread
}
space-left = You have left the space.
space-leave-title = Leave the space
space-leave = Leave this space
leave-refused-title = You cannot leave this space
invitation-space-title = Invitation to a space
invitation-space-lead = { $inviter } invites you to join the space “{ $space }” as { $role }.
invitation-space-other-person = This invitation is addressed to someone other than the person signed in: accepting it signs you in as them.
invitation-space-accept = Accept
invitation-space-decline = Decline
invitation-accept-space = Accept the invitation to the space “{ $space }”
invitation-decline-space = Decline the invitation to the space “{ $space }”
invitation-declined-title = Invitation declined
invitation-declined = You declined the invitation. Nobody was added to the space.
invitation-gone-title = Invitation expired or already used
invitation-gone = This invitation link has already been used, was cancelled or has expired. Ask the space’s facilitator to invite you again.
invitation-back-home = Back to the home page
mail-space-invitation-subject = Invitation to the space “{ $space }”
mail-space-invitation-body =
    Hello,

    { $inviter } invites you to join the space “{ $space }” of { $territory } as { $role }.

    To accept or decline, open this link:

    { $link }

    The link is valid for { $days } days and works once.
    If you do not know this person, ignore this message.
members-category = Category and commune
members-category-none = No current mandate
members-filter-title = Filter the members
members-filter-category = Category
members-filter-commune = Commune
members-filter-any = All
members-filter-submit = Filter
members-filter-clear = See all members
members-filter-none = No member matches these filters.
members-invite = Invite by email
members-invite-lead = The person receives a link to accept or decline. If nobody has this address yet, a record is created in their name.
members-invite-email = Email address
members-invite-name = Full name
members-invite-name-hint = Only for a person the platform does not know yet.
members-invite-submit = Send the invitation
members-invited = The invitation has been sent.
members-pending = Pending invitations
members-invitation-cancel = Cancel
members-invitation-cancel-name = Cancel the invitation of { $name }
members-invitation-cancelled = The invitation was cancelled.
error-invite-needs-email = This person has no email address: give one to invite them.
error-invite-name = Give the name of the person to invite.
