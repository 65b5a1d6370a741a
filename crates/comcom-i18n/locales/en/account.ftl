## Navigation when signed in

nav-login = Sign in
nav-logout = Sign out
nav-my-spaces = My spaces
nav-profile = your profile
nav-admin = Administration

## Forms

form-errors-title = The form has errors
form-save = Save
field-email = Email address
field-password = Password
field-new-password = New password
field-password-again = Confirm the password
field-current-password = Current password
field-password-hint = At least { $min } characters. An easy-to-remember sentence works well.
field-display-name = Display name
field-phone = Phone
field-optional = Optional.
field-locale = Language of the interface and messages
field-space-name = Name of the space
field-description = Description
error-email = Enter a valid email address, for example firstname.lastname@town-hall.example.
error-email-taken = This address already belongs to another person.
error-email-belongs = This address already belongs to { $name }.
error-password-empty = Enter your password.
error-password-long = The password cannot be longer than { $max } characters.
error-password-mismatch = The two passwords are not the same.
error-current-password = The current password is wrong.
error-login-failed = Wrong address or password. You can also receive a sign-in link by email.
error-too-many-attempts = Too many attempts lately. Wait a few minutes before trying again.
error-name-empty = Enter a name.
error-too-long = This field cannot be longer than { $max } characters.
error-phone = Enter a phone number, for example +33 4 76 95 00 00.
error-locale = Choose French or English.
error-role = Choose a role: facilitator, member or reader.
error-person = Choose a person of the territory from the list.
error-space-kind = Choose the kind of space from the list.
error-visibility = Choose who can see the space.

## Login

login-title = Sign in
login-with-password = With your password
login-submit = Sign in
login-forgot = Forgot your password?
login-with-link = With a link sent by email
login-link-explain = No password? Receive a sign-in link, valid for 30 minutes and usable once.
login-link-submit = Send me a sign-in link
login-link-sent-title = Check your inbox
login-link-sent = If an account exists for this address, a message with a single-use link has just been sent to it.
login-link-sent-spam = No message? Look in your spam folder, or ask your territory’s administrator to check your address.
login-confirm-title = Confirm sign-in
login-confirm-lead = You are about to sign in to the platform of { $territory }.
link-expired-title = Link expired or already used
link-expired = This link is no longer valid: it was already used or it expired. For safety, each link works only once.
link-expired-again = Ask for a new link
reset-title = Forgot your password
reset-lead = Enter your address: you will receive a link to choose a new password, valid for one hour.
reset-submit = Send me the link
reset-sent-title = Check your inbox
reset-new-title = Choose a new password
reset-new-lead = Your new password replaces the old one; your other sessions will be closed.
reset-new-submit = Save the password
invitation-title = Welcome
invitation-lead = You are invited to join the platform of { $territory }. You can choose a password now, or later sign in with a link sent by email.
invitation-password-hint = Optional. At least { $min } characters.
invitation-accept = Accept the invitation

## Profile

profile-title = My profile
profile-identity = Identity
profile-saved = Your profile is saved.
profile-password = Password
profile-password-submit = Change the password
profile-password-saved = Your password is saved; your other sessions were closed.
profile-no-email = No address on file
profile-mandates = My mandates and functions
profile-no-mandate = No current mandate.
profile-sessions = Sessions
profile-sessions-explain = A lost or shared device? Close all your sessions, on every device, this one included.
profile-logout-everywhere = Sign out everywhere

## Directory

person-mandates = Current mandates and functions
person-contact = Contact details
person-unknown = Not provided
person-invite = Invite this person
person-invite-explain = Enter their email address: they will receive an invitation to sign in to the platform.
person-invite-submit = Send the invitation
person-invited = The invitation is on its way.
role-community-councillor = Community councillor
role-interco-staff = Intercommunal staff
role-municipal-councillor = Municipal councillor
role-commune-staff = Commune staff
role-development-council = Development council member
role-inhabitant = Inhabitant
role-partner = Partner
function-president = President
function-vice-president = Vice-president
function-mayor = Mayor
function-deputy-mayor = Deputy mayor
function-delegated-councillor = Delegated councillor
function-councillor = Councillor
function-ranked = { $function } (no. { $rank })

## Spaces

spaces-title = My spaces
spaces-mine = Spaces I belong to
spaces-mine-none = You are not a member of any space yet.
spaces-others = Other spaces open to you
spaces-others-none = No other space is open to you.
spaces-create = Create a space
spaces-create-submit = Create the space
space-kind = Kind of space
space-visibility = Visibility
space-my-role = My role
space-members = Members
space-members-none = This space has no member yet.
space-manage-members = Manage members
space-kind-territory = Territory
space-kind-commune = Commune
space-kind-commission = Thematic commission
space-kind-working-group = Working group
space-kind-mayors-conference = Mayors’ conference
space-kind-development-council = Development council
visibility-public = Public: everyone, without an account
visibility-territory = Territory: the territory’s elected officials and staff
visibility-restricted = Restricted: the space’s members only
space-role-facilitator = Facilitator
space-role-member = Member
space-role-reader = Reader
members-title = Members of the space “{ $space }”
members-name = Name
members-role = Role
members-actions = Remove
members-role-of = { $name }: role
members-change-role = Change
members-remove = Remove
members-remove-name = Remove { $name } from the space
members-add = Add a member
members-search = Name of the person
members-search-submit = Search
members-search-none = Nobody of the territory has this name.
members-add-submit = Add
members-added = The person was added.
members-role-changed = The role was changed.
members-removed = The person was removed from the space.

## Administration

admin-title = Administration
admin-mail = Sending email
admin-mail-smtp = Email leaves through { $transport }.
admin-mail-folder = No sending server is configured: emails are not sent, they are written to the local folder ({ $transport }). Set an SMTP server with the COMCOM_SMTP_URL variable.
admin-jobs = Jobs waiting: { $pending }; failed for good: { $failed }.
admin-outbox = Latest emails
admin-outbox-to = Recipient
admin-outbox-subject = Subject
admin-outbox-state = State
admin-outbox-sent = Sent
admin-outbox-pending = Waiting
admin-outbox-failed = Failed for good
admin-outbox-retrying = Retry planned ({ $error })
admin-import = Import elected officials
admin-import-explain = Files of the national register of elected officials (municipal or community councillors), in CSV format.
admin-import-file = CSV file
admin-import-dry-run = Dry run: show what would change without saving anything
admin-import-submit = Import
admin-communes = Communes’ spaces
admin-communes-caption = Communes of the territory and their space
admin-commune-space = Space
admin-commune-space-open = Open
admin-commune-space-create = Open the space
admin-commune-space-create-for = Open the space of { $name }
admin-invite = Invite a new person
admin-invite-explain = For a person already known (an imported councillor, say), use their page in the directory.
admin-invite-submit = Send the invitation
admin-invited = The invitation is on its way.

## Error pages

error-403-title = Access denied
error-403-lead = Your account does not give access to this page. If you think this is a mistake, contact your territory’s administrator.
error-csrf-title = Form expired
error-csrf-lead = This form expired or does not come from this site. Go back to the previous page, reload it and try again.
error-413-title = Too much data
error-413-lead = The data sent is larger than allowed.
error-400-title = Bad request
error-400-lead = This address or this data cannot be read.
error-405-title = Action not available
error-405-lead = This page cannot be used this way.

## Personal data

privacy-account = Accounts of elected officials and staff
privacy-account-text = For people with an account, the platform keeps their name, email address, phone if they give it, their mandates and functions (taken from the national register of elected officials: surname, given name, sex, commune, function and dates, never the birth date or the profession) and a password hashed irreversibly. Signing in sets a session cookie, and each page holding a form sets a technical cookie that protects it against forged submissions.

## Emails

mail-login-subject = Your sign-in link – { $territory }
mail-login-body =
    Hello,

    Here is your link to sign in to the platform of { $territory }:

    { $link }

    This link is valid for 30 minutes and works once. If you did not ask for it, ignore this message: nobody can sign in without this link.
mail-reset-subject = Choose a new password – { $territory }
mail-reset-body =
    Hello,

    To choose a new password on the platform of { $territory }, open this link:

    { $link }

    This link is valid for one hour and works once. If you did not ask for it, ignore this message: your password stays unchanged.
mail-invitation-subject = Invitation to join the platform of { $territory }
mail-invitation-body =
    Hello,

    { $inviter } invites you to join the platform of { $territory }, the shared workplace of the intercommunality and its communes.

    To accept, open this link:

    { $link }

    This invitation is valid for 14 days.

## Command line: accounts, mail

first-admin-name = Administrator
cli-first-admin = First administrator: open this link to sign in (valid for 24 hours, usable once), then set your address and a password in your profile: { $link }
cli-serve-default = Empty database: installing the territory { $name }.
cli-serve-bound = Listening on { $addr }.
cli-bind-hint = Choose another address with --bind or COMCOM_BIND, for example --bind 127.0.0.1:8081.
cli-smtp-invalid = COMCOM_SMTP_URL is not valid: { $reason }
cli-smtp-not-url = it is not an address (example: smtp://user:password@smtp.example.org:587?tls=starttls).
cli-smtp-scheme = the address must start with smtp:// or smtps://.
cli-smtp-host = the server name is missing or not valid.
cli-smtp-port = the port must be a number between 1 and 65535.
cli-smtp-tls = tls= takes starttls, tls or none (smtps:// means tls).
cli-smtp-parameter = only the tls= parameter is understood, once, with no path after the server.
cli-smtp-credentials = user and password go together and must be encoded for an address (%40 for @).
cli-smtp-password-without-tls = the password would travel in clear (tls=none) to another machine; use starttls or tls.
cli-smtp-other = the email settings are incomplete.
cli-mail-from-invalid = COMCOM_MAIL_FROM “{ $input }” is not a valid sender address (example: Community of communes <contact@example.org>).
cli-help-user = Manages the people who have an account.
cli-help-user-add = Creates a person and prints a single-use sign-in link.
cli-help-email = Email address of the person.
cli-help-name = Display name (by default, the start of the address).
cli-help-admin = Makes them an administrator of the whole instance.
cli-help-admin-of = Makes them an administrator of the territory with this SIREN.
cli-user-email-invalid = “{ $input }” is not a valid email address.
cli-user-name-invalid = the name must have 1 to 120 characters, without control characters.
cli-user-exists = a person already has the address { $email }; nothing was changed.
cli-user-territory-missing = the territory with SIREN { $siren } is not installed (comcom init --epci { $siren }).
cli-user-created = Person created: { $name } <{ $email }>.
cli-user-link = Sign-in link (valid for 24 hours, usable once): { $link }

## Import page

import-title = Import of elected officials
import-title-dry-run = Dry run of the import of elected officials
import-no-file = Choose a CSV file to import.
import-back = Back to the administration

## Mandates given by hand

mandates-manage = Mandates and functions
mandates-end = End
mandates-end-label = End the mandate “{ $mandate }” today
mandates-add = Add a mandate
mandates-role = Role
mandates-commune = Commune
mandates-no-commune = — none (intercommunal mandate) —
mandates-function = Function (elected officials only)
mandates-no-function = — none —
mandates-organisation = Organisation
mandates-organisation-hint = For a partner: département, natural park, State services…
mandates-start = Start of the mandate
mandates-add-submit = Add the mandate
mandates-added = The mandate is recorded.
mandates-ended = The mandate ended today; it stays in the history.
error-mandate-role = Choose a role from the list.
error-mandate-commune = Choose a commune of the territory from the list.
error-mandate-commune-needed = This role belongs to a commune: choose it.
error-mandate-function = This function does not fit the chosen role.
error-mandate-start = Enter a valid start date, at most a year ahead (for example 2026-03-22).
profile-email-hint = Enter your address to receive sign-in links and recover your account.
profile-official-name = Your name is the one of the national register of elected officials; it is published as is.
error-person-has-email = This person already has an address: they sign in with a link sent by email or by resetting their password.
error-already-member = This person is already a member of the space; change their role in the list of members.
error-last-facilitator = The space must keep at least one facilitator: appoint another one first.
import-dry-run-web = Dry run: nothing was saved. Send the file again without ticking “Dry run” to apply.
import-more-lines = … and { $count } more lines (the command comcom import elus lists them all).
