/* Output files: directories, and writing a file whole or not at all. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int io_error(const char *what, const char *path, int err)
{
	return qt_set_error(QT_EIO, "cannot %s %s: %s", what, path, strerror(err));
}

int qt_ensure_dir(const char *dir)
{
	if (mkdir(dir, 0777) == 0)
		return 0;
	int err = errno;
	struct stat st;
	if (err == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	return io_error("create directory", dir, err == EEXIST ? ENOTDIR : err);
}

/* Makes a completed rename durable; a directory that cannot be synced is no error. */
static void sync_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? qt_asprintf("%.*s", (int)(slash - path + 1), path) : qt_strdup(".");
	if (!dir)
		return;
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Runs the writer on the open temporary file fd and closes it, flushed to disk. */
static int write_temp(int fd, const char *tmp, qt_writer write, const void *ctx)
{
	FILE *f = fchmod(fd, 0644) == 0 ? fdopen(fd, "wb") : NULL;
	if (!f) {
		int err = errno;
		close(fd);
		return io_error("write", tmp, err);
	}
	int rc = write(f, ctx);
	if (!rc && (fflush(f) != 0 || fsync(fileno(f)) != 0))
		rc = io_error("write", tmp, errno);
	if (fclose(f) != 0 && !rc)
		rc = io_error("write", tmp, errno);
	return rc;
}

/* A temporary file next to path: its name in *tmp (caller frees) and its descriptor; -1 on failure. */
static int open_temp(const char *path, char **tmp, int *rc)
{
	*tmp = qt_asprintf("%s.tmp.XXXXXX", path);
	if (!*tmp) {
		*rc = qt_set_error(QT_ENOMEM, "out of memory");
		return -1;
	}
	int fd = mkstemp(*tmp);
	if (fd < 0) {
		*rc = io_error("create a file next to", path, errno);
		free(*tmp);
		*tmp = NULL;
	}
	return fd;
}

/* Renames the written temporary file over path, or removes it after a failure; frees tmp. */
static int finish_temp(char *tmp, const char *path, int rc)
{
	if (!rc && rename(tmp, path) != 0)
		rc = io_error("write", path, errno);
	if (rc)
		unlink(tmp);
	else
		sync_parent(path);
	free(tmp);
	return rc;
}

/* Reads the whole file into a '\0'-terminated buffer, refusing directories and oversize files
 * before reading them (a pipe is read up to one byte past the limit). */
int qt_read_whole_file(const char *path, long max, char **text, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return qt_set_error(QT_EIO, "cannot read '%s': %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return qt_set_error(QT_EIO, "cannot read '%s': %s", path, strerror(e));
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return qt_set_error(QT_EIO, "cannot read '%s': is a directory", path);
	}
	if (S_ISREG(st.st_mode) && st.st_size > max) {
		close(fd);
		*len = (size_t)st.st_size;
		return QT_EINPUT;
	}
	/* One byte more than the file holds, so that the read that sees the end has room. */
	size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 2 : 65536, n = 0;
	char *buf = malloc(cap);
	int rc = buf ? 0 : qt_set_error(QT_ENOMEM, "out of memory reading '%s'", path);
	while (rc == 0) {
		if (n + 1 >= cap) {
			size_t grown = cap * 2;
			char *p = realloc(buf, grown);
			if (!p) {
				rc = qt_set_error(QT_ENOMEM, "out of memory reading '%s'", path);
				break;
			}
			buf = p;
			cap = grown;
		}
		ssize_t got = read(fd, buf + n, cap - 1 - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			rc = qt_set_error(QT_EIO, "cannot read '%s': %s", path, strerror(errno));
		else if (got == 0)
			break;
		else if ((n += (size_t)got) > (size_t)max)
			rc = QT_EINPUT;
	}
	close(fd);
	if (rc) {
		free(buf);
		*len = n;
		return rc;
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

int qt_write_atomic(const char *path, qt_writer write, const void *ctx)
{
	char *tmp;
	int rc = 0, fd = open_temp(path, &tmp, &rc);
	return fd < 0 ? rc : finish_temp(tmp, path, write_temp(fd, tmp, write, ctx));
}

int qt_write_atomic_named(const char *path, qt_named_writer write, const void *ctx)
{
	char *tmp;
	int rc = 0, fd = open_temp(path, &tmp, &rc);
	if (fd < 0)
		return rc;
	rc = fchmod(fd, 0644) == 0 ? 0 : io_error("write", tmp, errno);
	close(fd);
	return finish_temp(tmp, path, rc ? rc : write(tmp, ctx));
}
