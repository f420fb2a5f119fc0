#!/usr/bin/env bash
# Makes a sample Maildir at DEST (cur/ new/ tmp/) holding the e-mail fixtures of tests/data/mail
# (made by tests/data/mail/generate.py: attachments nested, forwarded, sent as octet-stream, names
# in RFC 2231, ISO-2022-JP with NEC characters and raw CP932, a body with bait text, a truncated
# PDF beside a good one, a message that is not one) as a mail delivery agent would: each message in
# new/ under a unique name. DEST is made anew. For scripts/demo and docs/mail.md.
#   samples/mail/make_maildir.sh DEST
set -euo pipefail
dest=${1:?usage: samples/mail/make_maildir.sh DEST}
src="$(cd "$(dirname "$0")/../.." && pwd)/tests/data/mail"
rm -rf "$dest"
mkdir -p "$dest/cur" "$dest/new" "$dest/tmp"
n=0
for eml in "$src"/*.eml; do
  n=$((n + 1))
  # time.M<micro>P<pid>.<host>: the Maildir unique-name form; fixed values, so the demo is the same
  # every time.
  cp "$eml" "$dest/new/1764547200.M${n}P1000.demo"
done
echo "made $dest: $n messages in new/" >&2
