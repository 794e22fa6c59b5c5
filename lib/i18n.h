/* The language of what the library writes for people: table titles, column labels, notes, chart
 * texts and error messages, through GNU gettext's text domain "quartier". Keys (CSV headers, JSON
 * keys) are never translated. Not installed. */
#ifndef QT_I18N_H
#define QT_I18N_H

#define QT_TEXTDOMAIN "quartier"

/* Marks a string for extraction (po/extract.sh) where it is translated later with qt_tr. */
#define N_(s) (s)

/* msgid in the language set by qt_set_language (English: msgid itself). Never NULL for a non-NULL
 * msgid; the result is borrowed (gettext's catalogue or msgid). */
const char *qt_tr(const char *msgid);
/* Sets the language (German or English) and, for German, where the catalogues are (NULL: gettext's
 * default); 0, or -1 when out of memory. qt_set_language (quartier.h) is the public entry. */
int qt_i18n_select(int german, const char *localedir);
/* 1 while the output language is German. */
int qt_lang_german(void);

#endif
