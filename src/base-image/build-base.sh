#!/usr/bin/env bash
# Builds the images' base without any registry: a minimal Debian root filesystem holding only a Java 17 runtime
# and the CA certificates, made by mmdebstrap from this machine's own apt sources, imported into podman and
# written as a docker-archive that Jib takes as its base (tar://...).
#
#   build-base.sh OUTPUT_DIRECTORY
#
# Writes OUTPUT_DIRECTORY/base-image.tar and OUTPUT_DIRECTORY/base-packages.tsv (every Debian package in it:
# name, version, architecture), from which each image's SBOM lists what the base brings. Nothing is rebuilt
# when both exist and are newer than this script. Needs root (or user namespaces) for mmdebstrap, and podman.
set -euo pipefail

out=${1:?usage: build-base.sh OUTPUT_DIRECTORY}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
tar="$out/base-image.tar"
packages="$out/base-packages.tsv"
if [ -s "$tar" ] && [ -s "$packages" ] && [ "$tar" -nt "$here/build-base.sh" ]; then
  echo "base image up to date: $tar"
  exit 0
fi

for tool in mmdebstrap podman; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build-base.sh: $tool is missing; on Debian: apt-get install mmdebstrap podman runc" >&2
    exit 2
  fi
done

# The suite and the sources this machine installs from; BASE_IMAGE_SUITE and BASE_IMAGE_SOURCES override them.
suite=${BASE_IMAGE_SUITE:-$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")}
sources=${BASE_IMAGE_SOURCES:-}
if [ -z "$sources" ]; then
  for candidate in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
    if [ -s "$candidate" ]; then sources=$candidate; break; fi
  done
fi
[ -n "$sources" ] || { echo "build-base.sh: no apt sources found; set BASE_IMAGE_SOURCES" >&2; exit 2; }

name=localhost/rocket-express-base:$suite
rootfs="$out/base-rootfs.tar"
# essential: only Essential:yes packages (no apt, no compilers); the JRE and its libraries come on top.
# The JRE's update-alternatives needs the man directory it links into; documentation is left out.
# The apps run as UID 185 (the chart's runAsUser): give it a name and a home, as the production base does.
mmdebstrap --quiet --variant=essential \
  --include=openjdk-17-jre-headless,ca-certificates \
  --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
  --customize-hook='echo "app:x:185:0:Rocket Express:/home/app:/usr/sbin/nologin" >> "$1/etc/passwd"' \
  --customize-hook='mkdir -p "$1/home/app" "$1/deployments" && chown 185:0 "$1/home/app" "$1/deployments"' \
  --customize-hook="dpkg-query --admindir=\"\$1/var/lib/dpkg\" -W -f='\${Package}\t\${Version}\t\${Architecture}\n' > '$packages'" \
  --customize-hook='rm -rf "$1/var/cache/apt" "$1/var/lib/apt/lists"/* "$1/var/log"/*' \
  "$suite" "$rootfs" "$sources"

java_home=$(tar -tf "$rootfs" | sed -n 's#^\./\(usr/lib/jvm/java-17-openjdk-[a-z0-9]*\)/$#/\1#p' | head -1)
podman import --quiet \
  --change "ENV JAVA_HOME=$java_home" \
  --change 'ENV LANG=C.UTF-8' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'USER 185' \
  --change 'WORKDIR /home/app' \
  "$rootfs" "$name" >/dev/null
rm -f "$rootfs" "$tar.partial"
podman save --quiet --format docker-archive -o "$tar.partial" "$name"
mv "$tar.partial" "$tar"
echo "base image $name: $tar ($(wc -l < "$packages") Debian packages)"
