# Inbound syndication: the feeds of the communes' sites (comcom feeds, the
# poller, the commune zone, the news from our communes, the approval queue).

## Command line
cli-help-feeds = Manages the feeds of the communes' sites (news shown on the intercommunality's site).
cli-help-feeds-inspect = Shows what comcom would keep from a feed (one JSON line per item), or explains why it cannot be read.
cli-help-feeds-source = File or address (http, https) of the feed.
cli-help-feeds-base = Address of the document, to resolve the relative links of a file.
cli-help-feeds-add = Registers the feed of a commune's site (or finds it from the site's home page).
cli-help-feeds-commune = INSEE code of the commune.
cli-help-feeds-url = Address of the feed or of the site's home page.
cli-help-feeds-list = Lists the registered feeds and their health.
cli-help-feeds-remove = Removes a feed and the items that came from it.
cli-help-feeds-id = Number of the feed (see comcom feeds list).
cli-help-feeds-poll = Polls the registered feeds now (one round).
cli-feeds-unreadable-file = Cannot read the file { $path }: { $reason }
cli-feeds-bad-base = The base address "{ $value }" is not a complete http or https address.
cli-feeds-cannot-read = This feed cannot be read: { $reason }
cli-feeds-announced = This page announces { $count ->
    [one] one feed
   *[other] { $count } feeds
  }: { $url }
cli-feeds-no-commune = No commune with INSEE code { $insee } is installed.
cli-feeds-added = Feed no. { $id } registered for { $commune }: { $url }
cli-feeds-already = This feed is already registered for { $commune } (no. { $id }); nothing was changed.
cli-feeds-none = No feed registered.
cli-feeds-line = no. { $id } · { $commune } · { $url } · { $value }
cli-feeds-removed = Feed no. { $id } removed.
cli-feeds-no-such = No feed no. { $id }.
cli-feeds-allow-invalid = COMCOM_FEEDS_ALLOW_PRIVATE is "{ $value }": give true, false or networks (127.0.0.1/32, 10.0.0.0/8) separated by commas.
cli-feeds-number-invalid = { $name } is "{ $value }": give a positive whole number.
cli-feeds-polled = Round done: { $count ->
    [one] one feed polled
   *[other] { $count } feeds polled
  }.

## Why a feed cannot be read
feed-error-empty = the document is empty.
feed-error-html-page = this is a web page, not a feed. Give the feed's address, or give the home page to "comcom feeds add", which looks for the feed it announces.
feed-error-not-a-feed = this is neither XML nor JSON: not an RSS, Atom or JSON Feed.
feed-error-unknown-format = this is XML or JSON, but not an RSS, Atom or JSON Feed.
feed-error-unsupported-version = this version of JSON Feed is not supported ({ $detail }).
feed-error-malformed = the document is malformed ({ $detail }).
feed-fetch-bad-url = "{ $detail }" is not an http or https address.
feed-fetch-refused = the address leads to a private or local network ({ $detail }), which comcom does not fetch (see COMCOM_FEEDS_ALLOW_PRIVATE).
feed-fetch-unknown-host = the name "{ $detail }" matches no server.
feed-fetch-connect = the server does not answer ({ $detail }).
feed-fetch-timeout = the server took too long to answer.
feed-fetch-too-large = the feed is larger than allowed ({ $detail } bytes).
feed-fetch-redirects = too many redirections (more than { $detail }).
feed-fetch-gone = the feed is no longer at this address (error { $detail }).
feed-fetch-too-many-requests = the server asks us to wait (error { $detail }); comcom will come back later.
feed-fetch-server-error = the site's server is failing (error { $detail }); comcom will try again.
feed-fetch-status = the server refused the request (error { $detail }).
feed-fetch-other = the connection failed ({ $detail }).

## Pages
syndin-news-title = News from our communes
syndin-news-intro = News published on the member communes' sites, shown here with their agreement.
syndin-news-empty = No news from the communes yet.
syndin-news-feed = Atom feed of the communes' news
syndin-source-line = Published by { $commune } on its site
syndin-read-on-site = Read on the commune's site
syndin-zone-title = News from the commune's site
syndin-zone-empty = No news from the commune's site yet.
syndin-attribution = Source: { $name }
syndin-feed-title = { $territory } – news from the communes
syndin-admin-title = Communes' feeds
syndin-admin-intro = The feeds of the communes' sites that comcom polls, their health, and the items awaiting approval.
syndin-admin-link = Feeds of the communes' sites and items to approve
syndin-add-legend = Register a feed
syndin-add-commune = Commune
syndin-add-url = Address of the feed or of the site's home page
syndin-add-url-hint = If you give the home page, comcom looks for the feed it announces.
syndin-add-submit = Register
syndin-added = Feed registered: { $url }
syndin-already = This feed is already registered.
syndin-error-url = Give a complete http or https address.
syndin-error-commune = Choose a commune from the list.
syndin-error-not-found = No feed found: { $reason }
syndin-sources-title = Registered feeds
syndin-sources-none = No feed registered.
syndin-col-commune = Commune
syndin-col-feed = Feed
syndin-col-success = Last successful poll
syndin-col-error = Last error
syndin-col-next = Next poll
syndin-col-actions = Actions
syndin-never = never
syndin-no-error = none
syndin-remove = Remove
syndin-remove-label = Remove the feed { $url }
syndin-removed = Feed removed.
syndin-queue-title = Items awaiting approval
syndin-queue-none = No item awaiting approval.
syndin-queue-intro = The charter says the communes' items are accepted one by one before they are published here.
syndin-accept = Accept
syndin-refuse = Refuse
syndin-accept-label = Accept "{ $title }"
syndin-refuse-label = Refuse "{ $title }"
syndin-accepted = Item accepted: it appears in the communes' news.
syndin-refused = Item refused: it will not be published.
syndin-decided-already = This item was already dealt with.
syndin-untitled = (untitled)
syndin-added-short = Feed registered: comcom polls it in a moment.
syndin-error-line = { $date }: { $reason }
syndin-nav-link = News from our communes
syndin-read-label = { syndin-read-on-site }: { $title }

# Audit log (/admin/journal)
audit-kind-syndication-inbound-accepted = A commune’s item accepted for the interco’s site
audit-kind-syndication-inbound-refused = A commune’s item refused for the interco’s site
audit-group-syndication = Syndication (all)
