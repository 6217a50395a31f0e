#!/bin/sh
# make-man.sh WAYMARK_CLI VERSION > waymark-cli.1
# Writes the manual page of waymark-cli from the program's own help, so the
# page lists exactly the commands and options the installed program has.
set -eu
cli=$1
version=$2

# Messages in English, whatever the building machine's language.
LANGUAGE=C LC_ALL=C.UTF-8
export LANGUAGE LC_ALL

roff_escape ()
{
  sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\\&'/" -e 's/-/\\-/g'
}

commands=$("$cli" --help | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')

cat <<ROFF
.TH WAYMARK-CLI 1 "" "Waymark $version" "User Commands"
.SH NAME
waymark\\-cli \\- customer journey projects from scripts, CI pipelines and teams
.SH SYNOPSIS
.B waymark\\-cli
.I COMMAND FILE
.RI [ OPTION ...]
.SH DESCRIPTION
.B waymark\\-cli
runs the core of Waymark without a display: it creates, inspects, checks and
exports Waymark project files (\\fI.waymark\\fR), the SQLite files in which the
Waymark application keeps personas, customer journey maps, KPIs and brand voice.
Every command takes the project file first, prints text for people by default,
and one JSON document with \\fB\\-\\-json\\fR, errors included.
.SH COMMANDS
ROFF

for command in $commands; do
  help=$("$cli" "$command" --help)
  synopsis=$(printf '%s\n' "$help" | sed -n '2s/^ *waymark-cli \[OPTION[^]]*\] //p')
  summary=$(printf '%s\n' "$help" | sed -n '4p')
  echo ".TP"
  printf '.B %s\n' "$(printf '%s' "$synopsis" | roff_escape)"
  printf '%s\n' "$summary" | roff_escape
  # The command's own options, one .IP each.
  printf '%s\n' "$help" | sed -n '/^Application Options:/,$p' | sed '1d;/^$/d' |
    while IFS= read -r line; do
      option=$(printf '%s\n' "$line" | sed 's/^ *\(.*[^ ]\)  \+[^ ].*/\1/')
      text=$(printf '%s\n' "$line" | sed 's/^ *.*[^ ]  \+\([^ ].*\)/\1/')
      echo ".RS"
      echo ".TP"
      printf '.B %s\n' "$(printf '%s' "$option" | roff_escape)"
      printf '%s\n' "$text" | roff_escape
      echo ".RE"
    done
done

cat <<'ROFF'
.SH EXIT STATUS
.TP
.B 0
Success.
.TP
.B 1
Findings: a check or lint found problems.
.TP
.B 2
Usage error: an unknown command or option, a missing argument, or a new project
over an existing file.
.TP
.B 3
The file cannot be used: not a Waymark project, damaged, truncated or unreadable.
.TP
.B 4
Network: a feed could not be fetched.
.TP
.B 5
The project's feeds are not trusted on this machine.
.SH EXAMPLES
.nf
waymark\-cli new Demo.waymark \-\-demo
waymark\-cli info Demo.waymark \-\-json
waymark\-cli check Demo.waymark || echo "problems found"
.fi
.SH SEE ALSO
.BR waymark (1)
ROFF
