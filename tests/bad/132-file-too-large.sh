# One byte more than 64 MiB (a sparse file): refused from its size, before it is read.
dd if=/dev/zero of="$1" bs=1 count=0 seek=67108865 2>/dev/null
