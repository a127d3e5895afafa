/*
 * charset.h - the encoding of text that is not UTF-8 (common/charset.c).
 */
#ifndef RB_CHARSET_H
#define RB_CHARSET_H

#include <stddef.h>

/* The ICU converter name of the encoding the bytes s[0..n) are in, for
 * bytes that are not UTF-8 and have no byte order mark: a sample of a file
 * (64 KiB is plenty; it may end mid-character).  One of "windows-1251",
 * "KOI8-R", "KOI8-U", "IBM866", "ISO-8859-5", "x-mac-cyrillic" and
 * "windows-1252", or a name ICU's charset detector is sure of for text in
 * none of them ("ISO-8859-2", "Shift_JIS" ...).  NULL when the bytes are
 * not plausible text in any of them: binary data, or an encoding not known.
 * The name is static; s may hold any bytes; nothing is allocated but ICU's
 * detector, and only for bytes that look Western or like none of these. */
const char *rbp_charset_detect(const char *s, size_t n);

#endif
