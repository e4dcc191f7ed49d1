# snap FILE: every variable gocondad may touch, as "name NUL set|unset NUL value NUL", then the names
# of gocondad state variables still in the environment, so that two snapshots compare byte for byte.
snap() {
  for __snap_v in GOROOT GOPATH GOBIN GOMODCACHE GOTOOLCHAIN CGO_CPPFLAGS CGO_LDFLAGS CGO_ENABLED PATH; do
    if eval "[ -n \"\${$__snap_v+x}\" ]"; then
      eval "printf '%s\\000set\\000%s\\000' \"\$__snap_v\" \"\$$__snap_v\""
    else
      printf '%s\000unset\000\000' "$__snap_v"
    fi
  done >"$1"
  env | grep '^__GCD_' | cut -d= -f1 | sort >>"$1" || :
}
