#!/bin/sh
# deps.sh PKG... - make sure these Debian packages are installed.
# As root, install the missing ones with apt-get; otherwise say what to run.
# On a system without dpkg, assume the user installed the equivalents.
command -v dpkg-query >/dev/null 2>&1 || exit 0
missing=
for p in "$@"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "installing missing packages:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get -o DPkg::Lock::Timeout=300 update -qq &&
		apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends $missing >/dev/null &&
		exit 0
	echo "error: apt-get could not install:$missing" >&2
	exit 1
fi
echo "error: missing Debian packages:$missing" >&2
echo "install them with: sudo apt-get install$missing" >&2
exit 1
