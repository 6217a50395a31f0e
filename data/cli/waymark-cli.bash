# bash completion for waymark-cli                          -*- shell-script -*-
#
# Commands and options come from the program's own help, so the completion
# stays true as commands are added.

_waymark_cli ()
{
  local cur prev words cword
  _init_completion || return

  local cli=${words[0]}

  if (( cword == 1 )); then
    local commands
    commands=$(LANGUAGE=C "$cli" --help 2>/dev/null |
               sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
    COMPREPLY=( $(compgen -W "$commands --help --version" -- "$cur") )
    return
  fi

  local command=${words[1]}

  if [[ $cur == -* ]]; then
    local options
    options=$(LANGUAGE=C "$cli" "$command" --help 2>/dev/null |
              grep -oE -- '--[a-z][a-z-]*' | sort -u)
    COMPREPLY=( $(compgen -W "$options" -- "$cur") )
    [[ ${COMPREPLY-} == *= ]] && compopt -o nospace
    return
  fi

  case $prev in
    --format)
      COMPREPLY=( $(compgen -W "json png svg pdf csv md mermaid waymark" -- "$cur") )
      return ;;
    -o|--output)
      _filedir
      return ;;
  esac

  # The project file comes first; list takes a kind after it.
  if (( cword == 2 )); then
    _filedir 'waymark'
  elif [[ $command == list && $cword == 3 ]]; then
    COMPREPLY=( $(compgen -W "journeys personas kpis feeds" -- "$cur") )
  else
    _filedir
  fi
} &&
  complete -F _waymark_cli waymark-cli
