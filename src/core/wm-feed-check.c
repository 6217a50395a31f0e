/* wm-feed-check.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-feeds"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "wm-feed.h"

/* Whether a feed definition can be fetched at all, told before any network
 * I/O: one rule per field, each with a sentence that names what to fix. */

/* Helpers */

/* Where a finding goes: the error and the field to fix. */
typedef struct
{
  GError     **error;
  WmColumnId  *field;
} Check;

static gboolean
fail (Check       *check,
      WmColumnId   field,
      const char  *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (Check       *check,
      WmColumnId   field,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (check->error, WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION, message);
  if (check->field != NULL)
    *check->field = field;

  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    {
      if (!g_ascii_isspace (*text))
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_json_path (const char  *path,
                 gboolean     is_time,
                 Check       *check)
{
  g_autoptr(JsonPath) json_path = json_path_new ();
  g_autoptr(GError) local_error = NULL;

  if (json_path_compile (json_path, path, &local_error))
    return TRUE;

  if (is_time)
    return fail (check, WM_FEED_TIME_PATH, _("The time path “%s” is not a valid JSONPath: %s"),
                 path, local_error->message);

  return fail (check, WM_FEED_PATH, _("The path “%s” is not a valid JSONPath: %s"), path,
               local_error->message);
}

static gboolean
check_url (const char  *url,
           Check       *check)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (is_blank (url))
    return fail (check, WM_FEED_URL, "%s", _("The feed has no address."));

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0'
      || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    return fail (check, WM_FEED_URL, _("“%s” is not an http:// or https:// address."), url);

  return TRUE;
}

/* "last", "first" or "match:COLUMN=VALUE", as pick_csv_row() reads it. */
static gboolean
check_row_rule (const char  *rule,
                Check       *check)
{
  const char *equals;

  if (*rule == '\0' || g_str_equal (rule, "last") || g_str_equal (rule, "first"))
    return TRUE;
  equals = strchr (rule, '=');
  if (g_str_has_prefix (rule, "match:") && equals != NULL && equals > rule + 6)
    return TRUE;

  return fail (check, WM_FEED_ROW_RULE,
               _("The row rule “%s” is not “last”, “first” or “match:COLUMN=VALUE”."),
               rule);
}

/* An HTTP header name is a token: letters, digits and a few marks. */
static gboolean
is_header_name (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (; *name != '\0'; name++)
    {
      if (!g_ascii_isalnum (*name) && strchr ("!#$%&'*+-.^_`|~", *name) == NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_type_fields (WmRecord    *feed,
                   const char  *type,
                   Check       *check)
{
  const char *path = wm_record_get_string (feed, WM_FEED_PATH);
  const char *time_path = wm_record_get_string (feed, WM_FEED_TIME_PATH);
  const char *column = wm_record_get_string (feed, WM_FEED_COLUMN_NAME);

  if (g_str_equal (type, "json"))
    {
      if (is_blank (path))
        return fail (check, WM_FEED_PATH, "%s", _("A JSON feed needs the JSONPath to its value."));
      return check_json_path (path, FALSE, check)
             && (*time_path == '\0' || check_json_path (time_path, TRUE, check));
    }
  if (g_str_equal (type, "prometheus"))
    {
      if (is_blank (wm_record_get_string (feed, WM_FEED_QUERY)))
        return fail (check, WM_FEED_QUERY, "%s", _("The Prometheus feed has no query."));
      return TRUE;
    }
  if (g_str_equal (type, "csv"))
    {
      if (is_blank (column))
        return fail (check, WM_FEED_COLUMN_NAME, "%s",
                     _("A CSV feed needs the name of the column with its value."));
      return check_row_rule (wm_record_get_string (feed, WM_FEED_ROW_RULE), check);
    }

  /* Raw answers: scores in a JSON answer or in a CSV column. */
  if (is_blank (path) && is_blank (column))
    return fail (check, WM_FEED_PATH, "%s",
                 _("A feed of raw answers needs the JSONPath or the CSV column of the "
                   "scores."));
  if (!is_blank (column))
    return check_row_rule (wm_record_get_string (feed, WM_FEED_ROW_RULE), check);
  return check_json_path (path, FALSE, check)
         && (*time_path == '\0' || check_json_path (time_path, TRUE, check));
}

static gboolean
check_auth (WmRecord  *feed,
            Check     *check)
{
  const char *auth = wm_record_get_string (feed, WM_FEED_AUTH);
  const char *header = wm_record_get_string (feed, WM_FEED_AUTH_HEADER);

  if (*auth == '\0' || g_str_equal (auth, "none") || g_str_equal (auth, "bearer"))
    return TRUE;
  if (g_str_equal (auth, "basic"))
    {
      if (is_blank (wm_record_get_string (feed, WM_FEED_AUTH_USER)))
        return fail (check, WM_FEED_AUTH_USER, "%s", _("Basic authentication needs a user name."));
      if (strchr (wm_record_get_string (feed, WM_FEED_AUTH_USER), ':') != NULL)
        return fail (check, WM_FEED_AUTH_USER, "%s",
                     _("A user name for basic authentication cannot contain “:”."));
      return TRUE;
    }
  if (g_str_equal (auth, "header"))
    {
      if (*header == '\0')
        return fail (check, WM_FEED_AUTH_HEADER, "%s",
                     _("The feed names no header for its secret."));
      if (!is_header_name (header))
        return fail (check, WM_FEED_AUTH_HEADER,
                     _("“%s” is not a header name (letters, digits and - only)."),
                     header);
      return TRUE;
    }

  return fail (check, WM_FEED_AUTH,
               _("“%s” is not a kind of authentication (none, bearer, basic or "
                 "header)."), auth);
}

/* Public API */

gboolean
wm_feed_check_definition (WmRecord    *feed,
                          WmColumnId  *field,
                          GError     **error)
{
  static const char *const types[] = { "json", "prometheus", "csv", "responses", NULL };
  Check check_data = { error, field };
  Check *check = &check_data;
  const char *type;
  gint64 interval, timeout, max_bytes;
  double scale;

  g_return_val_if_fail (WM_IS_RECORD (feed), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (field != NULL)
    *field = WM_COLUMN_NONE;

  type = wm_record_get_string (feed, WM_FEED_TYPE);
  if (!g_strv_contains (types, type))
    return fail (check, WM_FEED_TYPE,
                 _("“%s” is not a kind of feed (JSON, Prometheus, CSV or raw answers)."),
                 type);
  if (!check_url (wm_record_get_string (feed, WM_FEED_URL), check)
      || !check_type_fields (feed, type, check)
      || !check_auth (feed, check))
    return FALSE;

  interval = wm_record_get_int (feed, WM_FEED_INTERVAL_SECONDS);
  if (interval < 1 || interval > WM_FEED_MAX_INTERVAL)
    return fail (check, WM_FEED_INTERVAL_SECONDS, "%s",
                 _("The interval between fetches must be between 1 second and 30 days."));
  timeout = wm_record_get_int (feed, WM_FEED_TIMEOUT_SECONDS);
  if (timeout < 1 || timeout > WM_FEED_MAX_TIMEOUT)
    return fail (check, WM_FEED_TIMEOUT_SECONDS, "%s",
                 _("The timeout must be between 1 second and 1 hour."));
  max_bytes = wm_record_get_int (feed, WM_FEED_MAX_BYTES);
  if (max_bytes < 1 || max_bytes > WM_FEED_MAX_MAX_BYTES)
    {
      g_autofree char *limit = g_format_size (WM_FEED_MAX_MAX_BYTES);

      return fail (check, WM_FEED_MAX_BYTES,
                   _("The size limit must be between 1 byte and %s."), limit);
    }
  scale = wm_record_is_set (feed, WM_FEED_SCALE) ? wm_record_get_double (feed, WM_FEED_SCALE)
                                                  : 1.0;
  /* The feed editor's range: a factor it cannot show is not stored. */
  if (!(scale >= WM_FEED_MIN_SCALE && scale <= WM_FEED_MAX_SCALE))
    return fail (check, WM_FEED_SCALE, "%s",
                 _("The factor the values are multiplied by must be between 0.001 and "
                   "1,000,000."));

  return TRUE;
}
