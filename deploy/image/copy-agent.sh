#!/bin/sh
# copy-agent.sh SOURCE_JAR TARGET_DIR
# The init container's entry point: copies the agent jar into the volume the application container mounts.
# The copy lands under a temporary name and is renamed once its size and checksum match the source, so the
# application never sees half a jar (an init container restarted mid-copy leaves at most a stray temporary file).
# Exit status: 0 copied, 1 failed (one line on stderr says why), 2 bad usage. POSIX sh: runs on busybox.
set -u

fail() {
  echo "copy-agent: $*" >&2
  exit 1
}

if [ "$#" -ne 2 ]; then
  echo "copy-agent: usage: copy-agent.sh SOURCE_JAR TARGET_DIR" >&2
  exit 2
fi
src=$1
dir=$2
name=$(basename "$src")

[ -f "$src" ] && [ -r "$src" ] || fail "source jar $src does not exist or cannot be read"
[ -e "$dir" ] || fail "target directory $dir does not exist (mount the shared volume there)"
[ -d "$dir" ] || fail "target $dir is not a directory"

checksum() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum < "$1" | cut -d' ' -f1
  else
    cksum < "$1" | cut -d' ' -f1
  fi
}

tmp="$dir/.$name.tmp.$$"
# the write itself is the test: as root, a read-only directory still passes [ -w ]
if ! cp "$src" "$tmp" 2>/dev/null; then
  rm -f "$tmp" 2>/dev/null
  fail "target directory $dir is not writable"
fi
want_size=$(wc -c < "$src" | tr -d ' ')
got_size=$(wc -c < "$tmp" | tr -d ' ')
if [ "$want_size" != "$got_size" ]; then
  rm -f "$tmp"
  fail "copy of $src into $dir has $got_size bytes, expected $want_size"
fi
want_sum=$(checksum "$src")
got_sum=$(checksum "$tmp")
if [ "$want_sum" != "$got_sum" ]; then
  rm -f "$tmp"
  fail "copy of $src into $dir has checksum $got_sum, expected $want_sum"
fi
chmod 0644 "$tmp" || { rm -f "$tmp"; fail "cannot make $tmp readable"; }
mv -f "$tmp" "$dir/$name" || { rm -f "$tmp"; fail "cannot rename $tmp to $dir/$name"; }
echo "copy-agent: $dir/$name ($want_size bytes, checksum $want_sum)"
