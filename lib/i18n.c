/* The output language: English (the messages as written) or German (gettext's "quartier" domain). */
#include "i18n.h"

#include <libintl.h>

static int german;

int qt_i18n_select(int want_german, const char *localedir)
{
	if (want_german) {
		if (localedir && !bindtextdomain(QT_TEXTDOMAIN, localedir))
			return -1;
		bind_textdomain_codeset(QT_TEXTDOMAIN, "UTF-8");
	}
	german = want_german;
	return 0;
}

int qt_lang_german(void) { return german; }

const char *qt_tr(const char *msgid)
{
	if (!german || !msgid || !*msgid)
		return msgid;
	return dgettext(QT_TEXTDOMAIN, msgid);
}
