## Department-scale dataset (comcom seed)

cli-help-seed = Remplit une base neuve avec un jeu de données fictif à l’échelle d’un département (20 territoires réels, 1 000 espaces, 50 000 actualités, 10 000 personnes), pour mesurer les performances.
cli-help-seed-scale = Taille du jeu de données : department (un département).
cli-help-seed-force = Ajoute le jeu de données même si la base contient déjà des actualités ou plusieurs territoires.

seed-start = Création du jeu de données « { $name } » : { $message }.
seed-step-territories = Territoires et communes : { $message }
seed-step-people = Personnes et mandats : { $message }
seed-step-spaces = Espaces et membres : { $message }
seed-step-articles = Actualités : { $value } sur { $total }
seed-step-committing = Enregistrement…
seed-done = Jeu de données créé en { $value } s :
seed-articles = { $total } : { $message } ; { $value }

seed-not-empty = cette base n’est pas neuve ({ $message }) : comcom seed ne remplit qu’une base neuve, pour ne pas mêler un jeu de données fictif à de vraies données.
seed-not-empty-hint = Utilisez une base neuve (COMCOM_DATA_DIR ou COMCOM_DATABASE_URL), ou ajoutez --force pour ajouter quand même le jeu de données à celle-ci.

seed-count-territories = { $count ->
    [one] { $value } territoire
   *[other] { $value } territoires
}
seed-count-communes = { $count ->
    [one] { $value } commune
   *[other] { $value } communes
}
seed-count-spaces = { $count ->
    [one] { $value } espace
   *[other] { $value } espaces
}
seed-count-memberships = { $count ->
    [one] { $value } membre d’espace
   *[other] { $value } membres d’espaces
}
seed-count-people = { $count ->
    [one] { $value } personne
   *[other] { $value } personnes
}
seed-count-mandates = { $count ->
    [one] { $value } mandat
   *[other] { $value } mandats
}
seed-count-articles = { $count ->
    [one] { $value } actualité
   *[other] { $value } actualités
}
seed-count-published = { $count ->
    [one] { $value } publiée
   *[other] { $value } publiées
}
seed-count-scheduled = { $count ->
    [one] { $value } programmée
   *[other] { $value } programmées
}
seed-count-drafts = { $count ->
    [one] { $value } brouillon
   *[other] { $value } brouillons
}
seed-count-linked = { $count ->
    [one] { $value } liée à des communes
   *[other] { $value } liées à des communes
}
