#!/usr/bin/env bash
# test-completion.sh COMPLETION_FILE WAYMARK_CLI: the completion offers the
# program's commands and a command's options, read from its own help.
set -u
source /usr/share/bash-completion/bash_completion
source "$1"
cli=$2
status=0

complete_line ()
{
  COMP_LINE=$cli${1#waymark-cli}
  COMP_POINT=${#COMP_LINE}
  read -r -a COMP_WORDS <<<"$COMP_LINE"
  [[ $COMP_LINE == *' ' ]] && COMP_WORDS+=("")
  COMP_WORDS[0]=$cli
  COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
  COMPREPLY=()
  _waymark_cli
  printf '%s\n' "${COMPREPLY[@]}"
}

expect ()
{
  local line=$1 word=$2
  if ! complete_line "$line" | grep -qx -- "$word"; then
    echo "completing '$line' does not offer '$word'"
    status=1
  fi
}

expect "waymark-cli " info
expect "waymark-cli " check
expect "waymark-cli in" info
expect "waymark-cli new x.waymark --" --name
expect "waymark-cli info x.waymark --" --json
expect "waymark-cli list x.waymark " personas
exit $status
