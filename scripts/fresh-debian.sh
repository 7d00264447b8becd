#!/bin/sh
# Prove the README's two commands on a fresh Debian 12.
#
#   scripts/fresh-debian.sh [--reuse] [--user] [ROOT]
#
# Makes a bare Debian 12 (bookworm, debootstrap --variant=minbase: apt,
# dpkg, coreutils and little else) in ROOT (default
# /var/tmp/tiendo-fresh/root, never inside the repository), installs there
# only what the README says a new machine needs first ("apt-get install
# git make"), clones the repository's committed HEAD into it (uncommitted
# changes do not leak in), and runs, inside the chroot, exactly
#
#   make run
#   make check
#
# printing the outcome and the time of each step, then "make install" and
# "man tiendo" (the manual page is installed and found). Exits 0 when all
# pass, 1 when one fails, 2 when the root cannot be made.
#
#   --reuse       keep ROOT as the last run left it (packages installed by
#                 scripts/install-deps.sh included): only the prerequisites
#                 (a no-op, but for --user), the clone and the commands are
#                 done again. Fast, but proves less: by default ROOT is
#                 removed and made again from nothing.
#   --user        run the two commands as an ordinary user "clerk" that
#                 has sudo (then "sudo" is a prerequisite too), not as root
#
# Needs root (debootstrap, chroot, mount) and the Debian mirror
# (MIRROR, default http://deb.debian.org/debian). /proc, /sys, /dev,
# /dev/pts and /dev/shm are mounted in the root for the run and always
# unmounted on exit, even on failure or ^C. The logs of every step are in
# ROOT/../logs/. Downloaded packages are kept in ROOT/../cache/ (bound on
# the root's apt archive), so a rerun from scratch downloads nothing;
# remove that folder to download again. ROOT is removed only if a run of
# this script made it (it holds the file .tiendo-fresh). ThreadSanitizer
# runs under the host's kernel: it needs vm.mmap_rnd_bits <= 28 there.
# shellcheck disable=SC2317 # the steps are called through step()
set -eu

MIRROR=${MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
reuse=false
as_user=false
ROOT=

for a in "$@"; do
	case $a in
	--reuse) reuse=true ;;
	--user) as_user=true ;;
	-h|--help) sed -n '2,/^set -eu/p' "$0" | sed '/^# shellcheck/,$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) echo "fresh-debian: unknown option $a (see --help)" >&2; exit 2 ;;
	*) ROOT=$a ;;
	esac
done
ROOT=${ROOT:-/var/tmp/tiendo-fresh/root}

REPO=$(cd "$(dirname "$0")/.." && pwd)
case $ROOT in
/*) ;;
*) ROOT=$(pwd)/$ROOT ;;
esac
case $ROOT/ in
"$REPO"/*) echo "fresh-debian: $ROOT is inside the repository; give a folder outside it" >&2; exit 2 ;;
/) echo "fresh-debian: refusing to use / as the root" >&2; exit 2 ;;
esac
if [ "$(id -u)" -ne 0 ]; then
	echo "fresh-debian: run as root (debootstrap, chroot and mount need it)" >&2
	exit 2
fi
for t in debootstrap git chroot mount; do
	command -v "$t" >/dev/null 2>&1 || {
		echo "fresh-debian: $t is missing (apt-get install debootstrap git)" >&2
		exit 2
	}
done

BASE=$(dirname "$ROOT")
CACHE=$BASE/cache
LOGS=$BASE/logs
mkdir -p "$CACHE/debootstrap" "$CACHE/apt" "$LOGS"
# one run at a time in a folder
exec 9>"$BASE/.lock"
if ! flock -n 9; then
	echo "fresh-debian: another run uses $BASE; wait for it or give another folder" >&2
	exit 2
fi
HEAD=$(git -C "$REPO" rev-parse HEAD)
if [ -n "$(git -C "$REPO" status --porcelain --untracked-files=no)" ]; then
	echo "fresh-debian: note: uncommitted changes in $REPO are not tested, only HEAD"
fi

# ---- mounts, always undone ------------------------------------------------
MOUNTED=""
# the processes running inside the root (a step cut short by ^C goes on in
# the background otherwise, and keeps the mounts busy)
kill_in_root() {
	sig=$1
	found=1
	for p in /proc/[0-9]*; do
		if [ "$(readlink "$p/root" 2>/dev/null)" = "$ROOT" ]; then
			kill "-$sig" "${p#/proc/}" 2>/dev/null && found=0
		fi
	done
	return "$found"
}
umount_all() {
	if kill_in_root TERM; then
		sleep 2
		kill_in_root KILL || true
	fi
	for m in $MOUNTED; do   # newest first
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || \
			echo "fresh-debian: could not unmount $m" >&2
	done
	MOUNTED=""
}
trap 'umount_all' EXIT
trap 'umount_all; exit 130' INT TERM HUP
mnt() { # mnt TARGET mount-args...
	t=$1; shift
	mkdir -p "$t"
	mount "$@" "$t"
	MOUNTED="$t $MOUNTED"
}
mount_all() {
	mnt "$ROOT/proc" -t proc proc
	mnt "$ROOT/sys" -t sysfs sysfs
	mnt "$ROOT/dev" --bind /dev
	mnt "$ROOT/dev/pts" --bind /dev/pts
	mnt "$ROOT/dev/shm" -t tmpfs -o mode=1777,nosuid,nodev tmpfs
	# downloaded packages outlive the root: a rerun from scratch is quick
	mnt "$ROOT/var/cache/apt/archives" --bind "$CACHE/apt"
}
# refuse to delete a root that still has something mounted in it
busy() { grep -q " $ROOT/" /proc/self/mounts; }

# ---- steps, timed ---------------------------------------------------------
REPORT=""
failed=0
step() { # step NAME command...: log in $LOGS/NAME.log, outcome and time
	name=$1; shift
	printf 'fresh-debian: %-14s ...' "$name"
	t0=$(date +%s)
	# in the background so that set -e holds inside the step
	( "$@" ) >"$LOGS/$name.log" 2>&1 &
	if wait $!; then st=0; else st=$?; fi
	secs=$(( $(date +%s) - t0 ))
	took=$(printf '%dm%02ds' $((secs / 60)) $((secs % 60)))
	if [ "$st" -eq 0 ]; then res=passed; else res="FAILED (exit $st)"; fi
	printf ' %s in %s\n' "$res" "$took"
	REPORT="$REPORT$(printf '  %-14s %-18s %s' "$name" "$res" "$took")
"
	if [ "$st" -ne 0 ]; then
		echo "---- last lines of $LOGS/$name.log ----"
		tail -n 40 "$LOGS/$name.log"
		echo "----"
	fi
	return "$st"
}
in_root() { # a clean login-like environment, as a new user has
	chroot "$ROOT" /usr/bin/env -i HOME=/root TERM=dumb \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		"$@"
}

make_root() {
	mkdir -p "$ROOT"
	: >"$ROOT/.tiendo-fresh"
	debootstrap --variant=minbase --cache-dir="$CACHE/debootstrap" \
		"$SUITE" "$ROOT" "$MIRROR"
	# what an installed Debian 12 has: the updates and security suites
	cat >"$ROOT/etc/apt/sources.list" <<-EOF
	deb $MIRROR $SUITE main
	deb $MIRROR $SUITE-updates main
	deb http://deb.debian.org/debian-security $SUITE-security main
	EOF
	# no daemon may start inside the chroot
	printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
	chmod 755 "$ROOT/usr/sbin/policy-rc.d"
	# debootstrap cleans its archive; apt keeps what it downloads
	rm -f "$ROOT/etc/apt/apt.conf.d/docker-clean"
}

# the README's prerequisite, with apt's defaults (recommends included)
prerequisites() {
	pk="git make"
	if $as_user; then pk="$pk sudo"; fi
	in_root apt-get update
	# shellcheck disable=SC2086
	in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y $pk
	if $as_user; then
		in_root sh -c 'id clerk >/dev/null 2>&1 || useradd -m -s /bin/bash clerk
			echo "clerk ALL=(ALL) NOPASSWD:ALL" >/etc/sudoers.d/clerk
			chmod 440 /etc/sudoers.d/clerk'
	fi
}

clone() {
	rm -rf "${ROOT:?}/$WORK"
	git clone --quiet --no-checkout "$REPO" "$ROOT/$WORK"
	git -C "$ROOT/$WORK" checkout --quiet --detach "$HEAD"
	if $as_user; then in_root chown -R clerk:clerk "/$WORK"; fi
}

readme() { # readme COMMAND: a command of the README, in the clone
	if $as_user; then
		in_root su - clerk -c "cd ~/tiendo && $1"
	else
		in_root sh -c "cd /$WORK && $1"
	fi
}

if $as_user; then WORK=home/clerk/tiendo; else WORK=root/tiendo; fi
echo "fresh-debian: Debian 12 ($SUITE, minbase) in $ROOT; tiendo $HEAD"
echo "fresh-debian: logs in $LOGS/"
rm -f "$LOGS"/*.log

if $reuse && [ -e "$ROOT/.tiendo-fresh" ] && [ -x "$ROOT/usr/bin/apt-get" ]; then
	echo "fresh-debian: reusing $ROOT (--reuse): packages from the last run stay"
	mount_all
	step prerequisites prerequisites || exit 2
else
	if [ -e "$ROOT" ]; then
		if [ ! -e "$ROOT/.tiendo-fresh" ] && [ -n "$(ls -A "$ROOT")" ]; then
			echo "fresh-debian: $ROOT exists and was not made by this script; give another folder" >&2
			exit 2
		fi
		if busy; then
			echo "fresh-debian: something is still mounted under $ROOT; unmount it first" >&2
			exit 2
		fi
		rm -rf "$ROOT"
	fi
	step debootstrap make_root || exit 2
	mount_all
	step prerequisites prerequisites || exit 2
fi
step clone clone || exit 2
step "make-run" readme "make run" || failed=1
step "make-check" readme "make check" || failed=1
# installed, the manual page is found by man (sudo: /usr/local is root's)
if $as_user; then sudo="sudo "; else sudo=""; fi
step "make-install" readme "${sudo}make install && man -P cat tiendo | grep -q 'EXIT STATUS' && echo 'man tiendo: shown'" || failed=1
umount_all

echo "fresh-debian: summary (tiendo $HEAD):"
printf '%s' "$REPORT"
if [ "$failed" -eq 0 ]; then
	echo "fresh-debian: make run, make check and make install pass on a fresh Debian 12"
else
	echo "fresh-debian: FAILED: see $LOGS/"
fi
exit "$failed"
