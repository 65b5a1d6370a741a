## Department-scale dataset (comcom seed)

cli-help-seed = Fills a new database with a made-up dataset the size of a French département (20 real territories, 1,000 spaces, 50,000 news articles, 10,000 people), for performance measurements.
cli-help-seed-scale = Size of the dataset: department (one département).
cli-help-seed-force = Adds the dataset even when the database already holds news or several territories.

seed-start = Creating the “{ $name }” dataset: { $message }.
seed-step-territories = Territories and communes: { $message }
seed-step-people = People and mandates: { $message }
seed-step-spaces = Spaces and members: { $message }
seed-step-articles = News: { $value } of { $total }
seed-step-committing = Saving…
seed-done = Dataset created in { $value } s:
seed-articles = { $total }: { $message }; { $value }

seed-not-empty = this database is not new ({ $message }): comcom seed only fills a new database, so that made-up data never mixes with real data.
seed-not-empty-hint = Use a new database (COMCOM_DATA_DIR or COMCOM_DATABASE_URL), or add --force to add the dataset to this one anyway.

seed-count-territories = { $count ->
    [one] { $value } territory
   *[other] { $value } territories
}
seed-count-communes = { $count ->
    [one] { $value } commune
   *[other] { $value } communes
}
seed-count-spaces = { $count ->
    [one] { $value } space
   *[other] { $value } spaces
}
seed-count-memberships = { $count ->
    [one] { $value } space membership
   *[other] { $value } space memberships
}
seed-count-people = { $count ->
    [one] { $value } person
   *[other] { $value } people
}
seed-count-mandates = { $count ->
    [one] { $value } mandate
   *[other] { $value } mandates
}
seed-count-articles = { $count ->
    [one] { $value } news article
   *[other] { $value } news articles
}
seed-count-published = { $count ->
    [one] { $value } published
   *[other] { $value } published
}
seed-count-scheduled = { $count ->
    [one] { $value } scheduled
   *[other] { $value } scheduled
}
seed-count-drafts = { $count ->
    [one] { $value } draft
   *[other] { $value } drafts
}
seed-count-linked = { $count ->
    [one] { $value } tied to communes
   *[other] { $value } tied to communes
}
