# Outbound syndication: feeds, the interco zone on communes' sites, oEmbed,
# the syndication charter and the approval queue of a commune's zone.

feed-title-json = News (JSON Feed) – { $name }
site-syndication-charter = Syndication charter
admin-syndication = Syndication
admin-syndication-explain = The syndication charter sets what flows between the intercommunality's website and the communes' websites; each commune can show the intercommunality's zone on its own website.
category-title = News: { $name }
article-categories = Categories:
field-article-categories = Categories
error-article-category = Choose categories from the list.

zone-heading = { $territory } – news for { $commune }
zone-empty = No news from the intercommunality yet.
zone-attribution-default = Published by { $territory }
zone-source = All the news of { $territory }
zone-charter = Syndication charter
zone-read-on-site = Read on the intercommunality's website
zone-error-no-commune = Give the zone's commune with the commune parameter (its INSEE code, for example commune=38548).
zone-error-commune-code = “{ $value }” is not a commune's INSEE code (five characters, for example 38548).
zone-error-unknown-commune = The commune with INSEE code { $value } is not part of { $territory }.
zone-error-limit = The number of news items (limit) must be a whole number from 1 to { $max }.
zone-error-relevance = The relevance parameter accepts local (news of the commune and of the whole territory), commune (the commune's only) or all.
zone-error-space = No public space “{ $value }” on this site.
zone-error-category = No category “{ $value }” on this site.
zone-error-article = This news item does not exist or is no longer published.
oembed-error-format = Only the json format is offered.
oembed-error-no-url = Give the address of the page to embed with the url parameter.
oembed-error-unknown = This address is not an embeddable page of this site (a public news item, a commune's page or a zone).

charter-title = Syndication charter
charter-admin-title = Syndication charter and categories
charter-not-written = The charter has not been written yet; the rules below apply.
charter-rules = Rules in force
charter-outbound = The intercommunality's news in the communes' zones
charter-inbound = The communes' news on the intercommunality's website
charter-attribution = Source credit
charter-retention = How long items are shown
charter-retention-days = { $value ->
    [one] { $value } day
   *[other] { $value } days
}
charter-updated = Updated on { $date }
charter-mode-approve = The receiving side approves each item
charter-mode-accept-all = Every item is shown as soon as it is published
charter-yes = Yes
charter-no = No
charter-categories = Categories and directions
charter-categories-caption = Which way each category flows
charter-category = Category
charter-direction-outbound = To the communes
charter-direction-inbound = To the intercommunality
charter-feeds = Feeds
charter-feeds-explain = Public news is also published as feeds, which the communes' websites can show.
charter-public-link = See the published charter
charter-body = Text of the charter
charter-body-hint = In Markdown. It is shown as written on the charter's public page.
charter-attribution-hint = Leave empty for “Published by { $territory }”. A link to the source is always added.
charter-retention-field = How long items are shown (in days)
charter-retention-hint = An older item no longer appears in the communes' zones.
charter-categories-hint = An item of a category that does not go to the communes stays on the intercommunality's website.
charter-category-outbound = { $name }: to the communes
charter-category-inbound = { $name }: to the intercommunality
charter-category-delete = Delete the category { $name }
charter-categories-manage = News categories
charter-category-name = New category
charter-category-add = Add the category
charter-save = Save the charter
charter-saved = The charter is saved.
charter-category-added = The category is added.
charter-category-deleted = The category is deleted.
charter-error-mode = Choose one of the two rules offered.
charter-error-retention = Give a number of days between 1 and { $max }.
charter-error-category-name = Give the category a name.
charter-error-category-exists = The category “{ $name }” already exists.

zone-snippets-title = Zones for the communes' websites
zone-snippets-intro = Each commune can show the intercommunality's news on its own website, in three forms:
zone-snippets-script = a script and a <comcom-zone> element, the simplest, which adapts to the site through CSS properties (--comcom-zone-accent…);
zone-snippets-iframe = a frame (iframe), which works without JavaScript on the host site;
zone-snippets-fragment = an HTML fragment, which the site's server inserts into its pages itself.
zone-snippets-options = Settings: limit (number of items, 1 to 20), space (a space), category (a category), relevance (local, commune or all) and lang (fr or en). A change reaches the communes' websites within five minutes.
zone-snippets-preview = Preview of the zone
zone-snippets-queue = Approval of items
zone-snippets-script-title = Script and element
zone-snippets-iframe-title = Frame (iframe)
zone-snippets-fragment-title = HTML fragment (address to read on the server)

zone-queue-tab = Approval – { $commune }
zone-queue-title = The intercommunality's news for { $commune }
zone-queue-mode-approve = The charter asks the commune to approve each item: only accepted items appear in its zone.
zone-queue-mode-accept-all = The charter shows every item as soon as it is published; your decisions will apply if the charter ever asks for approval.
zone-queue-empty = No news from the intercommunality to review.
zone-queue-caption = News offered to the commune's zone
zone-queue-item = News item
zone-queue-date = Published
zone-queue-state = State
zone-queue-actions = Decision
zone-queue-pending = To review
zone-queue-accepted = Accepted
zone-queue-refused = Refused
zone-queue-accept = Accept “{ $title }”
zone-queue-refuse = Refuse “{ $title }”
zone-queue-accept-short = Accept
zone-queue-refuse-short = Refuse
zone-queue-saved = The decision is saved.

# Audit log (/admin/journal)
audit-kind-syndication-outbound-accepted = An interco item accepted for a commune’s zone
audit-kind-syndication-outbound-refused = An interco item refused for a commune’s zone

# Public calendar feeds (/agenda.ics) and the meeting form's box
public-events-feed-title = Public calendar – { $name }
public-events-field = Meeting open to the public
public-events-field-hint = It appears in the territory's public calendar (iCalendar, /agenda.ics) with its title, agenda, date and place, never the list of people convened nor the visio link.
public-events-label = Public calendar
public-events-shown = Open to the public, it appears in the territory's public calendar.
public-events-feed-link = Subscribe to the public calendar (iCalendar)

# Files attached to an article (page, form, feeds' enclosures)
article-files-after-save = Files (PDF, images…) can be attached to the article once it is saved, with “Edit the news item” on its page.
article-files-title = Attachments
article-files-none = No attachment.
article-files-add = Attach a file
article-files-hint = One file at a time, { $max } at most, { $count } per article (PDF, image, text, spreadsheet, office document…). It is offered for download on the article's page and attached to its feeds.
article-files-submit = Attach the file
article-files-remove = Remove “{ $name }”
article-files-remove-short = Remove
article-files-full = This article already has the most attachments it may have: remove one to attach another.
article-files-error-too-many = An article has at most { $max } attachments: remove one first.
