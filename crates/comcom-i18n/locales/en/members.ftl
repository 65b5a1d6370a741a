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
commune-people-title = The people of { $name }
commune-people-short = People
commune-people-current = Current mandates
commune-people-none = No councillor or staff member is recorded for this commune yet.
commune-people-mandate = Mandate
commune-people-since = Since
commune-people-agent = designated staff member
commune-people-end-label = End the mandate of { $name } ({ $mandate })
commune-people-designate = Designate
commune-people-undesignate = Withdraw designation
commune-people-designate-label = Designate { $name } to manage the commune’s people
commune-people-undesignate-label = Withdraw designation of { $name }
commune-people-add = Add a staff member or a councillor
commune-people-add-lead = Municipal councillors come from the national register of elected officials; add the commune’s staff here, and a missing councillor until the next update.
commune-people-email-hint = Optional. If someone already has this address, the mandate is added to them.
commune-people-add-submit = Add
commune-people-added = The person and their mandate were recorded.
commune-people-designated = The staff member was designated: they can manage the commune’s people.
commune-people-undesignated = The designation was withdrawn.
error-commune-people-role = Choose “commune staff” or “municipal councillor”.
error-commune-people-function = Choose a municipal councillor’s function from the list (the mayor comes from the national register).
dashboard-communes = My commune
dashboard-communes-empty = No commune.
dashboard-commune-people = Manage the people of { $name }
audit-title = Audit log
audit-lead = Memberships, permissions, mandates and data deletions, newest first. The log cannot be changed.
audit-errors-title = Some filters were ignored
audit-error-kind = This kind of event does not exist: choose one from the list.
audit-error-space = This space does not exist: choose one from the list.
audit-error-commune = This commune is not in the territory: choose one from the list.
audit-error-person = The person number must be a whole number, as in the address of their page.
audit-error-date = Write the date as 2026-12-04.
audit-filters = Filter the log
audit-kind = Event
audit-space = Space
audit-person = Person (number)
audit-person-hint = The number is in the address of their page, /personnes/42; clicking a name in the log fills it in.
audit-from = From
audit-to = To
audit-clear = Show everything
audit-events = Events
audit-none = No event matches.
audit-when = Date
audit-actor = By
audit-target = About
audit-place = Space or commune
audit-detail = Detail
audit-request = Request
audit-system = the platform
audit-pages = Log pages
audit-newest = Newest
audit-older = Older
audit-group-membership = Memberships (all)
audit-group-permission = Permissions (all)
audit-group-person = People (all)
audit-group-mandate = Mandates (all)
audit-group-privacy = Personal data (all)
audit-kind-membership-invited = Invitation sent
audit-kind-membership-invitation-cancelled = Invitation cancelled
audit-kind-membership-joined = Invitation accepted
audit-kind-membership-declined = Invitation declined
audit-kind-membership-added = Member added
audit-kind-membership-left = Left the space
audit-kind-membership-role-changed = Role changed
audit-kind-membership-removed = Member removed
audit-kind-permission-admin-granted = Administration rights granted
audit-kind-permission-admin-revoked = Administration rights withdrawn
audit-kind-permission-agent-designated = Staff member designated for the commune
audit-kind-permission-agent-undesignated = Staff designation withdrawn
audit-kind-person-added = Person added
audit-kind-mandate-added = Mandate added
audit-kind-mandate-ended = Mandate ended
audit-kind-privacy-exported = Personal data exported
audit-kind-privacy-deletion-requested = Deletion requested
audit-kind-privacy-deletion-cancelled = Deletion request cancelled
audit-kind-privacy-person-deleted = Personal data deleted
admin-links = Log and personal data
commune-people-manage = Manage the commune’s councillors and staff
