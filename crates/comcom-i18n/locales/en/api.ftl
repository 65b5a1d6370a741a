## JSON API: error messages (the codes are stable; these sentences may change)

api-error-token-missing = This operation needs an access token: send the header “Authorization: Bearer ccm_…”. Make a token in your profile.
api-error-token-invalid = This access token is not valid or was revoked.
api-error-scope = This token only allows reading; make a “write” token to write.
api-error-forbidden = The owner of this token may not do this.
api-error-not-found = This resource does not exist, or you may not see it.
api-error-method = This method is not accepted at this address.
api-error-already-published = This article is already published.
api-error-malformed-json = The request body must be a valid JSON object.
api-error-too-large = The request body is too large (256 KiB at most).
api-error-invalid-fields = Some fields need correcting: see “fields”.
api-error-no-territory = No territory is installed on this service yet.
api-error-unavailable = The service is unavailable for a moment; try again shortly.
api-error-internal = An unexpected error occurred; it has been logged.

## JSON API: fields

api-field-unknown = This field does not exist.
api-field-string = This field must be a string.
api-field-control = This field cannot contain control characters.
api-field-communes = This field must be a list of INSEE codes.
api-field-commune-unknown = “{ $insee }” is not the INSEE code of one of the territory’s communes.
api-field-publish = Possible values: “draft”, “now” or “schedule”.
api-field-publish-at = Give an RFC 3339 time, for example 2030-05-01T08:00:00Z.
api-field-publish-at-past = This time has passed: choose one to come, or publish now.
api-field-publish-at-missing = A scheduled publication needs its time (publish_at).
api-field-publish-at-unexpected = A publication time goes only with “schedule”.
api-field-page = Give a page number from 1 to 10,000.

## Personal access tokens: the profile’s page

tokens-title = API access tokens
tokens-link = Manage your API access tokens
tokens-intro = A token lets a program use comcom’s API on your behalf, with your rights. Keep it secret: whoever holds it acts as you. Revoke a token you no longer need.
tokens-doc = API documentation (OpenAPI)
tokens-none = You have no token.
tokens-name = Name
tokens-scope = Rights
tokens-created = Created
tokens-last-used = Last used
tokens-never-used = never
tokens-state = State
tokens-revoked = Revoked on { $date }
tokens-active = Active
tokens-revoke = Revoke
tokens-revoke-label = Revoke the token “{ $name }”
tokens-revoked-notice = The token is revoked: it no longer allows anything.
tokens-new = New token
field-token-name = Token name
field-token-name-hint = To recognise it, for example “commune website”.
field-token-scope = Token rights
token-scope-read = Read
token-scope-write = Read and write (news)
tokens-create = Create the token
tokens-secret-title = Your new token “{ $name }”
tokens-secret-explain = Copy it now: it will never be shown again. Send it in the header “Authorization: Bearer …”.
tokens-secret-label = Token
error-token-name = Give the token a name (100 characters at most, no control characters).
error-token-scope = Choose read, or read and write.
error-token-limit = You already have { $max } active tokens: revoke one before making another.

## Personal access tokens: the command line

cli-help-token = Manages a person’s API access tokens.
cli-help-token-create = Makes a token and shows it, once.
cli-help-token-list = Lists a person’s tokens.
cli-help-token-revoke = Revokes a token.
cli-help-token-name = Name of the token, to recognise it.
cli-help-token-scope = Rights of the token: read (the default) or write (read and write).
cli-help-token-id = Number of the token (see comcom token list).
cli-token-default-name = command line
cli-token-no-person = nobody has the address { $email }.
cli-token-name-invalid = the token’s name must be 1 to 100 characters long, without control characters.
cli-token-scope-invalid = “{ $value }” is not a token right: read or write.
cli-token-created = Token #{ $id } “{ $name }” ({ $value }) made for { $email }. Copy it now, it will not be shown again:
cli-token-none = { $email } has no token.
cli-token-line = #{ $id }  { $name }  { $value }  created { $date }  { $message }
cli-token-never-used = never used
cli-token-last-used = used { $date }
cli-token-revoked-on = revoked { $date }
cli-token-revoked = Token #{ $id } revoked: it no longer allows anything.
cli-token-not-found = { $email } has no active token #{ $id }; nothing was changed.
