## Import of elected officials from the Répertoire national des élus (RNE)

cli-help-import = Imports data into comcom.
cli-help-import-elus = Imports a file of the Répertoire national des élus: municipal councillors or community councillors (the kind is recognised from the header).
cli-help-import-file = CSV file downloaded from data.gouv.fr (or saved again by a spreadsheet).
cli-help-dry-run = Shows what the import would change, without saving anything.

import-kind = { $kind ->
    [municipal] municipal councillors
   *[community] community councillors
}
import-summary = File of { $kind ->
    [municipal] municipal councillors
   *[community] community councillors
} from the Répertoire national des élus: { $count ->
    [one] { $count } line
   *[other] { $count } lines
}, { $value } encoding.
import-dry-run = Dry run: nothing was saved. Run again without --dry-run to apply.
import-result = Mandates: { $value }.
import-count-created = { $count } created
import-count-updated = { $count } updated
import-count-unchanged = { $count } unchanged
import-count-ended = { $count } ended
import-count-rejected = Rejected lines: { $count }.
import-count-merged = { $count ->
    [one] One line repeats a person already read (the RNE has one line per function): merged with the first.
   *[other] { $count } lines repeat a person already read (the RNE has one line per function): merged with the first.
}
import-rejected-title = Rejected lines (correct them in the file and import it again; the other lines are applied):
import-line = line { $line }: { $reason }
import-ended-title = Ended mandates (people no longer listed for their commune, or a renewed mandate):
import-ended-title-dry-run = Mandates that would end (people no longer listed for their commune, or a renewed mandate):
import-ended-line = { $name } — { $commune } ({ $function })
import-ended-line-councillor = { $name } — { $commune }
import-kept-title = Mandates left running:
import-kept = { $name }: { $count ->
    [one] one mandate missing from the file stays current
   *[other] { $count } mandates missing from the file stay current
}, because rejected lines may concern this commune.
import-read-error = cannot read the file “{ $path }”: { $reason }
import-file-error = the file “{ $path }” cannot be imported: { $reason }

## Why a whole file cannot be read

import-file-empty = it is empty.
import-file-not-text = it is not a text (CSV) file; check that it is not an Excel workbook or an archive.
import-file-unknown-kind = it is neither the municipal councillors’ file nor the community councillors’ file of the Répertoire national des élus (header read: “{ $value }”).
import-file-missing-columns = it looks like the { $kind ->
    [municipal] municipal councillors’
   *[community] community councillors’
} file, but { $count ->
    [one] a column is missing
   *[other] columns are missing
}: { $value }.
import-file-no-lines = it holds only the header, no elected official.

## Why a line is rejected

import-line-truncated = incomplete line: { $count } columns instead of { $expected }
import-line-too-long = line too long: { $count } columns instead of { $expected } (a semicolon too many in a name?)
import-missing-commune = commune code missing
import-missing-siren = EPCI SIREN missing
import-missing-surname = surname missing
import-missing-given-name = given name missing
import-missing-sex = sex code missing
import-missing-birth-date = birth date missing
import-missing-mandate-start = mandate start date missing
import-invalid-insee = invalid INSEE code “{ $value }”
import-invalid-siren = invalid SIREN “{ $value }”
import-invalid-sex = unknown sex code “{ $value }” (F or M expected)
import-unreadable-birth-date = unreadable birth date “{ $value }” (expected format: DD/MM/YYYY)
import-unreadable-mandate-start = unreadable mandate start date “{ $value }” (expected format: DD/MM/YYYY)
import-impossible-birth-date = impossible birth date “{ $value }”
import-impossible-mandate-start = impossible mandate start date “{ $value }”
import-unknown-function = unknown function “{ $value }”
import-function-not-for-file = function “{ $value }” does not belong in the { $kind ->
    [municipal] municipal councillors’
   *[community] community councillors’
} file
import-commune-not-installed = the commune { $insee } ({ $name }) is not installed on this instance; it belongs to { $territory } (to install it: comcom init --epci { $siren })
import-commune-unknown = no commune has the INSEE code { $insee } in the embedded official data
import-epci-not-installed = the EPCI { $siren } ({ $name }) is not installed on this instance (to install it: comcom init --epci { $siren })
import-epci-unknown = no EPCI has the SIREN { $siren } in the embedded official data
import-commune-not-in-epci = the commune { $insee } ({ $name }) is not a member of { $territory }
