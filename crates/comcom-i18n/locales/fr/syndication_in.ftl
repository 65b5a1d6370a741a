# Inbound syndication: the feeds of the communes' sites (comcom feeds, the
# poller, the commune zone, the news from our communes, the approval queue).

## Command line
cli-help-feeds = Gère les flux des sites des communes (actualités reprises sur le site de l’intercommunalité).
cli-help-feeds-inspect = Montre ce que comcom retiendrait d’un flux (une ligne JSON par article), ou explique pourquoi il ne peut pas être lu.
cli-help-feeds-source = Fichier ou adresse (http, https) du flux.
cli-help-feeds-base = Adresse du document, pour résoudre les liens relatifs d’un fichier.
cli-help-feeds-add = Enregistre le flux du site d’une commune (ou le trouve depuis la page d’accueil du site).
cli-help-feeds-commune = Code INSEE de la commune.
cli-help-feeds-url = Adresse du flux ou de la page d’accueil du site.
cli-help-feeds-list = Liste les flux enregistrés et leur état.
cli-help-feeds-remove = Retire un flux et les articles qui en venaient.
cli-help-feeds-id = Numéro du flux (voir comcom feeds list).
cli-help-feeds-poll = Relève tout de suite les flux enregistrés (une tournée).
cli-feeds-unreadable-file = Impossible de lire le fichier { $path } : { $reason }
cli-feeds-bad-base = L’adresse de base « { $value } » n’est pas une adresse http ou https complète.
cli-feeds-cannot-read = Ce flux ne peut pas être lu : { $reason }
cli-feeds-announced = Cette page annonce { $count ->
    [one] un flux
   *[other] { $count } flux
  } : { $url }
cli-feeds-no-commune = Aucune commune de code INSEE { $insee } n’est installée.
cli-feeds-added = Flux n° { $id } enregistré pour { $commune } : { $url }
cli-feeds-already = Ce flux est déjà enregistré pour { $commune } (n° { $id }) ; rien n’a été modifié.
cli-feeds-none = Aucun flux enregistré.
cli-feeds-line = n° { $id } · { $commune } · { $url } · { $value }
cli-feeds-removed = Flux n° { $id } retiré.
cli-feeds-no-such = Aucun flux n° { $id }.
cli-feeds-allow-invalid = COMCOM_FEEDS_ALLOW_PRIVATE vaut « { $value } » : indiquez true, false ou des réseaux (127.0.0.1/32, 10.0.0.0/8) séparés par des virgules.
cli-feeds-number-invalid = { $name } vaut « { $value } » : indiquez un nombre entier positif.
cli-feeds-polled = Tournée faite : { $count ->
    [one] un flux relevé
   *[other] { $count } flux relevés
  }.

## Why a feed cannot be read
feed-error-empty = le document est vide.
feed-error-html-page = c’est une page web, pas un flux. Donnez l’adresse du flux, ou celle de la page d’accueil à « comcom feeds add », qui cherche le flux qu’elle annonce.
feed-error-not-a-feed = ce n’est ni du XML ni du JSON : ce n’est pas un flux RSS, Atom ou JSON Feed.
feed-error-unknown-format = c’est du XML ou du JSON, mais pas un flux RSS, Atom ou JSON Feed.
feed-error-unsupported-version = cette version de JSON Feed n’est pas prise en charge ({ $detail }).
feed-error-malformed = le document est mal formé ({ $detail }).
feed-fetch-bad-url = l’adresse « { $detail } » n’est pas une adresse http ou https.
feed-fetch-refused = l’adresse mène à un réseau privé ou local ({ $detail }), que comcom ne consulte pas (voir COMCOM_FEEDS_ALLOW_PRIVATE).
feed-fetch-unknown-host = le nom « { $detail } » ne correspond à aucun serveur.
feed-fetch-connect = le serveur ne répond pas ({ $detail }).
feed-fetch-timeout = le serveur a mis trop de temps à répondre.
feed-fetch-too-large = le flux dépasse la taille permise ({ $detail } octets).
feed-fetch-redirects = trop de redirections (plus de { $detail }).
feed-fetch-gone = le flux n’existe plus à cette adresse (erreur { $detail }).
feed-fetch-too-many-requests = le serveur demande de patienter (erreur { $detail }) ; comcom reviendra plus tard.
feed-fetch-server-error = le serveur du site est en panne (erreur { $detail }) ; comcom réessaiera.
feed-fetch-status = le serveur a refusé la demande (erreur { $detail }).
feed-fetch-other = échec de la connexion ({ $detail }).

## Pages
syndin-news-title = Actualités de nos communes
syndin-news-intro = Les actualités publiées sur les sites des communes membres, reprises ici avec leur accord.
syndin-news-empty = Aucune actualité des communes pour le moment.
syndin-news-feed = Flux Atom des actualités des communes
syndin-source-line = Publié par { $commune } sur son site
syndin-read-on-site = Lire sur le site de la commune
syndin-zone-title = Actualités du site de la commune
syndin-zone-empty = Aucune actualité reprise du site de la commune pour le moment.
syndin-attribution = Source : { $name }
syndin-feed-title = { $territory } – actualités des communes
syndin-admin-title = Flux des communes
syndin-admin-intro = Les flux des sites des communes que comcom relève, leur état et les articles en attente d’accord.
syndin-admin-link = Flux des sites des communes et articles à valider
syndin-add-legend = Enregistrer un flux
syndin-add-commune = Commune
syndin-add-url = Adresse du flux ou de la page d’accueil du site
syndin-add-url-hint = Si vous donnez la page d’accueil, comcom cherche le flux qu’elle annonce.
syndin-add-submit = Enregistrer
syndin-added = Flux enregistré : { $url }
syndin-already = Ce flux est déjà enregistré.
syndin-error-url = Indiquez une adresse http ou https complète.
syndin-error-commune = Choisissez une commune de la liste.
syndin-error-not-found = Aucun flux trouvé : { $reason }
syndin-sources-title = Flux enregistrés
syndin-sources-none = Aucun flux enregistré.
syndin-col-commune = Commune
syndin-col-feed = Flux
syndin-col-success = Dernière relève réussie
syndin-col-error = Dernière erreur
syndin-col-next = Prochaine relève
syndin-col-actions = Actions
syndin-never = jamais
syndin-no-error = aucune
syndin-remove = Retirer
syndin-remove-label = Retirer le flux { $url }
syndin-removed = Flux retiré.
syndin-queue-title = Articles en attente d’accord
syndin-queue-none = Aucun article en attente.
syndin-queue-intro = La charte prévoit que les articles des communes soient acceptés un par un avant d’être publiés ici.
syndin-accept = Accepter
syndin-refuse = Refuser
syndin-accept-label = Accepter « { $title } »
syndin-refuse-label = Refuser « { $title } »
syndin-accepted = Article accepté : il paraît dans les actualités des communes.
syndin-refused = Article refusé : il ne sera pas publié.
syndin-decided-already = Cet article a déjà été traité.
syndin-untitled = (sans titre)
syndin-added-short = Flux enregistré : comcom le relève dans un instant.
syndin-error-line = { $date } : { $reason }
syndin-nav-link = Actualités de nos communes
syndin-read-label = { syndin-read-on-site } : { $title }

# Audit log (/admin/journal)
audit-kind-syndication-inbound-accepted = Article d’une commune accepté pour le site de l’intercommunalité
audit-kind-syndication-inbound-refused = Article d’une commune refusé pour le site de l’intercommunalité
audit-group-syndication = Syndication (tous)
