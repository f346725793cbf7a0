"""The completion scripts themselves, one generator per shell, from `completion.commands()`.

Each script finds the command path typed so far (skipping options and the value
of --db), then completes an option's value, an option, or the positional
argument: a subcommand, a person (ids and names), a plan id or a file.
"""

from __future__ import annotations

import shlex

from netcrm.commands.completion import Command

BASH_HEAD = r"""# netcrm completion for bash: eval "$(netcrm completion bash)" in ~/.bashrc
_netcrm_candidates() {
    local db="" i
    for ((i=1; i<${#COMP_WORDS[@]}-1; i++)); do [[ ${COMP_WORDS[i]} == --db ]] && db=${COMP_WORDS[i+1]}; done
    netcrm __complete "$1" ${db:+--db "$db"} 2>/dev/null
}
# Lines starting with $cur (compgen's own filter does nothing under zsh's bashcompinit).
_netcrm_filter() {
    local w
    while IFS= read -r w; do [[ -n $w && $w == "$cur"* ]] && printf '%s\n' "$w"; done
}
_netcrm_reply() {
    local IFS=$'\n' rows
    case "$1" in
        people|plans)
            rows=$(_netcrm_candidates "$1")
            COMPREPLY=($({ printf '%s\n' "$rows" | cut -f1
                           [[ $1 == people ]] && printf '%s\n' "$rows" | cut -f2; } | _netcrm_filter))
            ((${#COMPREPLY[@]})) && COMPREPLY=($(printf '%q\n' "${COMPREPLY[@]}"));;
        files) COMPREPLY=($(compgen -f -- "$cur"));;
        "") COMPREPLY=();;
        *) COMPREPLY=($(printf '%s\n' "$1" | tr ' ' '\n' | _netcrm_filter));;
    esac
}
_netcrm() {
    # "cmd", not "path": in zsh, $path is $PATH
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd="" next i w
    for ((i=1; i<COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        [[ $w == -* || ${COMP_WORDS[i-1]} == --db ]] && continue
        next="${cmd:+$cmd }$w"
        case "$next" in
            PATHS) cmd=$next;;
            *) break;;
        esac
    done
    case "$cmd|$prev" in
VALUES
    esac
    if [[ $cur == -* ]]; then
        case "$cmd" in
OPTIONS
        esac
        return
    fi
    case "$cmd" in
POSITIONALS
    esac
}
complete -F _netcrm netcrm"""

ZSH_HEAD = """#compdef netcrm
# netcrm completion for zsh: save as _netcrm in a folder on $fpath, or eval "$(netcrm completion zsh)".
# It is the bash script run through zsh's bashcompinit, so both shells complete alike.
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
"""


def _quote(path: str) -> str:
    return f'"{path}"' if " " in path or not path else path


def _reply(kind: str, subcommands: list[str] | None = None) -> str:
    if kind == "sub":
        kind = " ".join(subcommands or [])
    return "_netcrm_reply " + (shlex.quote(kind) if kind else '""')


def bash(table: list[Command]) -> str:
    paths = "|".join(_quote(c.path) for c in table if c.path)
    values, options, positionals = [], [], []
    for c in table:
        for option, kind in c.valued.items():
            values.append(f'        "{c.path}|{option}") {_reply(kind)}; return;;')
        words = " ".join([*c.flags, *c.valued])
        options.append(f"            {_quote(c.path)}) _netcrm_reply {shlex.quote(words)};;")
        if c.positional:
            more = ""
            if c.subcommands and c.positional != "sub":  # `plan NAME...` or `plan edit`
                more = f"; COMPREPLY+=($(printf '%s\\n' {' '.join(c.subcommands)} | _netcrm_filter))"
            positionals.append(f"        {_quote(c.path)}) {_reply(c.positional, c.subcommands)}{more};;")
    return (
        BASH_HEAD.replace("PATHS", paths)
        .replace("VALUES", "\n".join(values) or "        *) ;;")
        .replace("OPTIONS", "\n".join(options))
        .replace("POSITIONALS", "\n".join(positionals))
    )


def zsh(table: list[Command]) -> str:
    return ZSH_HEAD + bash(table)


FISH_HEAD = """# netcrm completion for fish: netcrm completion fish > ~/.config/fish/completions/netcrm.fish
set -g __netcrm_paths PATHS
function __netcrm_path
    set -l words (commandline -opc)
    set -l path ""
    set -l skip 0
    for w in $words[2..-1]
        if test $skip = 1; set skip 0; continue; end
        if test "$w" = --db; set skip 1; continue; end
        if string match -q -- '-*' $w; continue; end
        set -l next (string trim -- "$path $w")
        if contains -- $next $__netcrm_paths; set path $next; else; break; end
    end
    echo $path
end
function __netcrm_is
    test (__netcrm_path | string collect) = "$argv[1]"
end
complete -c netcrm -f
"""


def _fish_values(kind: str) -> str:
    if kind == "people":
        return "-x -a '(netcrm __complete all-people 2>/dev/null)'"
    if kind == "plans":
        return "-x -a '(netcrm __complete plans 2>/dev/null)'"
    if kind == "files":
        return "-r -F"
    return f"-x -a {shlex.quote(kind)}" if kind else "-x"


def fish(table: list[Command]) -> str:
    lines = [FISH_HEAD.replace("PATHS", " ".join(shlex.quote(c.path) for c in table if c.path))]
    for c in table:
        when = f"-n {shlex.quote(f'__netcrm_is {shlex.quote(c.path)}')}"
        for option in c.flags:
            lines.append(f"complete -c netcrm {when} {_fish_option(option)}")
        for option, kind in c.valued.items():
            lines.append(f"complete -c netcrm {when} {_fish_option(option)} {_fish_values(kind)}")
        if c.subcommands:  # `export yaml|ics`, and `plan edit` beside `plan NAME`
            lines.append(f"complete -c netcrm {when} -a {shlex.quote(' '.join(c.subcommands))}")
        if c.positional and c.positional != "sub":
            values = _fish_values(c.positional).replace("-x ", "").replace("-r ", "")
            lines.append(f"complete -c netcrm {when} {values}")
    return "\n".join(lines)


def _fish_option(option: str) -> str:
    return f"-l {option[2:]}" if option.startswith("--") else f"-s {option[1:]}"
