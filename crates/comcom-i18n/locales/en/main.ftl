## Shared by every page

site-skip-link = Skip to content
site-nav-label = Main navigation
site-home = Home
site-communes = Communes
site-footer-label = Footer
site-powered-by = Powered by comcom, free software
site-legal-notice = Legal notice
site-privacy = Personal data
site-accessibility = Accessibility: not compliant
site-language-label = Language
site-language-switch = Français
site-language-switch-title = Lire ce site en français
site-request-id = Request identifier: { $id }
site-breadcrumb = Breadcrumb

## Territory kinds, spelled out

territory-kind-cc = Community of communes
territory-kind-ca = Agglomeration community
territory-kind-cu = Urban community
territory-kind-metro = Metropolis
territory-kind-met69 = Metropolis of Lyon

## Home page

home-title = { $name }
home-intro = { $kind } of { $count ->
    [one] one commune
   *[other] { $count } communes
} and { $population } inhabitants (municipal population).
home-key-figures = Key figures
home-kind = Legal form
home-siren = SIREN
home-population = Municipal population
home-population-note = Legal municipal population published by INSEE, the reference figure for regulations.
home-communes-count = Member communes
home-communes = Member communes
home-communes-caption = Member communes of { $name }, in alphabetical order, with their municipal population
home-commune-name = Commune
home-commune-insee = INSEE code
home-commune-population = Municipal population
home-total = Total

## Commune page

commune-title = { $name }
commune-intro = Member commune of { $territory }.
commune-identity = Identity
commune-insee = INSEE code
commune-siren = SIREN
commune-population = Municipal population
commune-population-totale = Total population
commune-website = Website
commune-website-unknown = Not provided
commune-mayor = Mayor
commune-mayor-unknown = The commune’s elected officials have not been imported yet.
commune-space = Commune space
commune-council = Municipal council
commune-space-open = The commune has opened its workplace, reserved for the territory’s elected officials and staff:
commune-space-link = the commune’s space
home-bureau = The bureau
commune-space-none = The commune has not opened its space on the platform yet.
commune-share = Share of the population of { $territory }: { $share }%
commune-back = All communes of { $territory }

## Error pages

error-404-title = Page not found
error-404-lead = The page “{ $path }” does not exist or no longer exists.
error-404-help = You can go back to the home page or choose a commune below.
error-404-home = Back to the home page
error-500-title = Something went wrong
error-500-lead = The service could not answer your request. The technical team can find out what happened with the identifier below.
error-503-title = Service temporarily unavailable
error-503-lead = The database does not answer. Please try again in a few minutes.
error-no-territory-title = No territory configured
error-no-territory-lead = This instance does not serve any territory yet. An administrator can add one with the command “comcom init --epci SIREN”.

## Legal pages

legal-notice-title = Legal notice
legal-publisher = Publisher
legal-publisher-text = This site is published by { $name } ({ $kind }), SIREN { $siren }.
legal-director = Publication director
legal-director-named = { $director }, for { $name }.
legal-contact = Contact
legal-contact-text = Write to { $email }.
legal-director-text = The president of { $name }.
legal-host = Hosting
legal-host-text = { $host }
legal-host-default = The host is the one chosen by { $name } to run the platform; its details can be requested from the authority’s office.
legal-software = Software
legal-software-text = This site runs comcom, free software published under the AGPL licence.
legal-data = Public data
legal-data-text = Populations and official codes come from INSEE’s official geographic code and the DGCL’s list of EPCIs, published by Etalab under an open licence.
privacy-title = Personal data
privacy-lead = Reading this site requires no account and no personal data.
privacy-cookies = Cookies
privacy-cookies-text = The site uses no advertising cookie, no audience measurement and no third-party service. A visitor gets one cookie only, and only if they choose a language: it remembers that choice for one year. The technical cookies of forms and accounts are described below.
privacy-logs = Technical logs
privacy-logs-text = For the security of the service, the server records the requested address, the date and a request identifier. These logs are used only to diagnose incidents.
privacy-rights = Your rights
privacy-rights-text = Under the General Data Protection Regulation (GDPR) and the French Data Protection Act, you may exercise your rights of access, rectification and erasure with { $name }. If you believe your rights are not respected, you may lodge a complaint with the CNIL.
a11y-title = Accessibility statement
a11y-lead = { $name } is committed to making its digital services accessible, in accordance with article 47 of French law no. 2005-102 of 11 February 2005.
a11y-status = Compliance status
a11y-status-text = This site has not yet been audited against the French accessibility framework (RGAA) version 4.1. Without an audit it is declared not compliant, although the checks described below pass with every release.
a11y-tests = Checks performed
a11y-tests-text = Every public page is checked automatically with each release of the software: valid HTML, WCAG 2.1 level A and AA rules checked by axe-core in a browser, full keyboard navigation with a visible focus. Pages work without JavaScript.
a11y-limits = Known limits
a11y-limits-text = Automated checks do not cover every RGAA criterion; a manual audit remains to be done.
a11y-feedback = Feedback and contact
a11y-feedback-text = If you cannot access some content or service, contact { $name } to be directed to an accessible alternative or to obtain the content in another form.
a11y-remedy = Remedies
a11y-remedy-text = If you reported an accessibility issue without a satisfactory answer, you may refer the matter to the Défenseur des droits, through its online form, a delegate in your region, or by free post to: Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.

## Command line

cli-error = Error: { $message }
cli-hint = Hint: { $message }
cli-siren-empty = no SIREN given.
cli-siren-length = “{ $input }” is not a SIREN: a SIREN has nine digits.
cli-siren-digits = “{ $input }” is not a SIREN: a SIREN holds only digits.
cli-siren-checksum = “{ $input }” is not a valid SIREN: its check digit does not match (a typo?).
cli-siren-unknown = no EPCI has the SIREN { $siren } in the embedded official data.
cli-suggestions = Did you mean:
cli-no-suggestion = Search the territory by name: comcom territories search WORDS
cli-init-exists = The territory { $name } (SIREN { $siren }) is already installed; nothing was changed.
cli-init-done = Territory installed: { $name } (SIREN { $siren }), { $count ->
    [one] one commune
   *[other] { $count } communes
}.
cli-search-empty = give at least one word to search for, for example: comcom territories search vercors
cli-search-count = { $count ->
    [0] No territory found
    [one] { $count } territory found
   *[other] { $count } territories found
}
cli-search-none-hint = Try another word of the EPCI’s name or of one of its communes.
cli-search-through = through { $communes }
cli-installed-none = No territory is installed yet.
cli-installed-title = Installed territories:
cli-database-error = the database “{ $url }” cannot be reached: { $reason }
cli-database-url-invalid = the database address “{ $url }” is not recognised: use sqlite://PATH or postgres://…
cli-data-dir-error = cannot create the data folder “{ $path }”: { $reason }
cli-bind-invalid = “{ $input }” is not a valid listening address (example: 127.0.0.1:8080).
cli-bind-failed = cannot listen on { $addr }: { $reason }
cli-public-url-invalid = COMCOM_PUBLIC_URL “{ $input }” is not a valid web address (example: https://extranet.example.org).
cli-serve-demo = Empty database: installing the demo territory { $name }.
cli-serve-listening = comcom is up: { $url }
cli-usage-error = the command is not valid.
cli-usage-unknown-argument = the option “{ $arg }” does not exist.
cli-usage-missing = a required argument is missing: { $arg }.
cli-usage-invalid-value = the value “{ $value }” does not suit { $arg }.
cli-usage-unknown-command = the command “{ $arg }” does not exist.
cli-usage-help = For help: comcom --help
cli-search-line = { $siren }  { $name } — { $count ->
    [one] one commune
   *[other] { $count } communes
}, { $population } inhabitants
cli-installed-line = { $siren }  { $name } — { $url }
cli-about = comcom, the governance platform of an intercommunality and its communes.
cli-help-serve = Starts the web server (installs the demo territory when the database is empty).
cli-help-bind = Listening address, for example 127.0.0.1:8080 (else COMCOM_BIND).
cli-help-init = Adds a territory (EPCI) and its communes from the embedded official data.
cli-help-epci = SIREN of the EPCI, for example 243801024.
cli-help-territories = Searches the 1,255 EPCIs or lists the installed territories.
cli-help-search = Finds an EPCI by its name or one of its communes’ (accents and case do not matter).
cli-help-words = Words to search for.
cli-help-list = Lists the territories installed on this instance.
cli-log-filter-invalid = COMCOM_LOG is not a readable filter; level “{ $value }” is used.
cli-log-format-invalid = COMCOM_LOG_FORMAT “{ $value }” is unknown (json or text); readable text is used.
cli-help-help = Prints this help.
cli-help-version = Prints the version.
cli-help-commands = Commands
cli-help-options = Options
cli-help-command-name = COMMAND
cli-help-usage = Usage:
cli-usage-missing-value = the value of { $arg } is missing.
cli-siren-commune = { $siren } is the SIREN of the commune { $commune }, a member of { $name }; give the EPCI’s SIREN:
cli-search-more = The first { $count } are shown; add a word to narrow the search.
cli-db-cannot-open = cannot open the database file; check that its folder exists and is writable.
cli-db-not-sqlite = this file exists but is not an SQLite database.
cli-db-missing = this database does not exist; create it first (for example createdb comcom).
cli-db-auth = the server refuses the user or password given in the address.
cli-db-refused = no database server answers at this address.
cli-db-timeout = the database does not answer in time (server unreachable or overloaded).
cli-db-read-only = the database is read-only; check the rights on the file and its folder.
cli-help-remove = Removes an installed territory and everything that belongs to it (communes, people, mandates, spaces).
cli-help-yes = Confirms the removal.
cli-remove-not-installed = no installed territory has the SIREN { $siren }.
cli-remove-confirm = Removing { $name } (SIREN { $siren }) would erase its { $count } communes, its { $people } people with their mandates, its spaces and its news; administrators of the whole instance stay. Run again with --yes to confirm.
cli-remove-done = Territory removed: { $name } (SIREN { $siren }), { $count } communes and { $people } people erased.
cli-help-commune-spaces = Opens the space of the given communes: all, none, or INSEE codes separated by commas; their mayor becomes the first facilitator.
cli-commune-not-member = “{ $input }” is not the INSEE code of a commune of { $name }.
cli-communes-of = Communes of the territory: { $communes }
cli-spaces-opened = Spaces opened: { $communes }.
cli-spaces-none-new = The requested spaces were already open.
cli-retry-invalid = COMCOM_RETRY_BASE_SECONDS “{ $input }” must be a number of seconds between 1 and 3600.
cli-init-exists-spaces = The territory { $name } (SIREN { $siren }) is already installed.
