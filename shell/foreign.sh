# gocondad: runs a POSIX shim for a shell that is not POSIX (fish, csh/tcsh) and reports what changed.
#
# The .fish and .csh shims start `sh` (dash where there is one: ~1 ms, no Node) on this file with
#   $1 the env's POSIX shim (activate.d or deactivate.d zzz-gocondad.sh), $2 fish|csh, $3 the pid of the
#   calling shell, $4 (csh) the file to write csh code into, $5 the shell's name for the journal.
# The POSIX shim does all the work against this process's copy of the environment (conda exports every
# variable it involves, and gocondad's state variables are exported too); this file then prints each
# variable the shim could have touched whose value or set-ness changed:
#   fish: NUL-separated triples `name set value` / `name unset ''`, read with `read -z` (values never
#         pass through fish's parser);
#   csh:  `setenv NAME 'value'` / `unsetenv NAME` lines in $4, quoted for csh (see __gcd_cq).
# Names are fixed identifiers or built from levels and that fixed list, so they are safe in code.

umask 077
# The two lists of variables below are filled in from src/core/go-vars.ts when the runner is written into
# the env (shims/install.ts): every variable a plan may touch, and conda-forge's go backups and markers.
__gcd_managed='@MANAGED_VARS@'
__gcd_fixed="PATH $__gcd_managed @CONDA_FORGE_VARS@
  __GCD_TOP __GCD_PE __GCD_PN __GCD_PL __GCD_GONE __GCD_GONE_N"

__gcd_names() {
  __gcd_top=${__GCD_TOP:-0}
  __gcd_l=${CONDA_SHLVL:-0}
  case $__gcd_top in '' | *[!0-9]*) __gcd_top=0 ;; esac
  case $__gcd_l in '' | *[!0-9]*) __gcd_l=0 ;; esac
  [ "$__gcd_l" -gt "$__gcd_top" ] && __gcd_top=$__gcd_l
  __gcd_all=$__gcd_fixed
  __gcd_i=1
  while [ "$__gcd_i" -le "$__gcd_top" ]; do
    __gcd_all="$__gcd_all __GCD_ON_$__gcd_i __GCD_VARS_$__gcd_i __GCD_ENTRY_$__gcd_i"
    for __gcd_m in $__gcd_managed; do __gcd_all="$__gcd_all __GCD_HAS_${__gcd_i}_$__gcd_m __GCD_OLD_${__gcd_i}_$__gcd_m"; done
    __gcd_i=$((__gcd_i + 1))
  done
}

# The state of each name before the shim ran: "x<value>" when set, "" when unset.
__gcd_names
__gcd_before=$__gcd_all
for __gcd_m in $__gcd_before; do eval "__gcd_b_$__gcd_m=\${$__gcd_m+x}\${$__gcd_m-}"; done

__gcd_pid=$3
__gcd_shname=${5:-$2}
__gcd_dialect=$2
__gcd_out=${4-}
. "$1"

# csh: single quotes protect everything but `!` (history) and newlines, and `'` itself: those three are
# written outside the quotes (`\'`, `\!`) or as a backslash-newline inside them.
__gcd_nl='
'
__gcd_cq() {
  __gcd_q=''
  __gcd_r=$1
  while :; do
    case $__gcd_r in
      *[\'!"$__gcd_nl"]*)
        __gcd_h=${__gcd_r%%[\'!"$__gcd_nl"]*}
        __gcd_c=${__gcd_r#"$__gcd_h"}
        __gcd_r=${__gcd_c#?}
        __gcd_c=${__gcd_c%"$__gcd_r"}
        case $__gcd_c in
          "'") __gcd_q="$__gcd_q'$__gcd_h'\\'" ;;
          '!') __gcd_q="$__gcd_q'$__gcd_h'\\!" ;;
          *) __gcd_q="$__gcd_q'$__gcd_h\\$__gcd_nl'" ;;
        esac
        ;;
      *) break ;;
    esac
  done
  __gcd_q="$__gcd_q'$__gcd_r'"
}

__gcd_dump() {
  __gcd_names
  for __gcd_m in $__gcd_before $__gcd_all; do
    eval "__gcd_a=\${$__gcd_m+x}\${$__gcd_m-} __gcd_b=\${__gcd_b_$__gcd_m-}"
    [ "$__gcd_a" = "$__gcd_b" ] && continue
    eval "__gcd_b_$__gcd_m=\$__gcd_a"
    if [ "$__gcd_dialect" = fish ]; then
      if [ -n "$__gcd_a" ]; then printf '%s\000set\000%s\000' "$__gcd_m" "${__gcd_a#x}"; else printf '%s\000unset\000\000' "$__gcd_m"; fi
    elif [ -n "$__gcd_a" ]; then
      __gcd_cq "${__gcd_a#x}"
      printf 'setenv %s %s\n' "$__gcd_m" "$__gcd_q"
    else
      printf 'unsetenv %s\n' "$__gcd_m"
    fi
  done
  return 0
}

if [ -n "$__gcd_out" ]; then
  # The runtime dir is private (0700, the csh shim checks its owner): truncating in place is safe, and
  # costs no process where `rm` would. Not into a FIFO (it would block until a reader came; the csh shim
  # reads only after this returns) nor through a symlink: then nothing is written, nothing applied.
  if [ ! -h "$__gcd_out" ] && { [ ! -e "$__gcd_out" ] || [ -f "$__gcd_out" ]; }; then __gcd_dump >"$__gcd_out"; fi
else
  __gcd_dump
fi
