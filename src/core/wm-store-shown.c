/* wm-store-shown.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wm-record-private.h"
#include "wm-store-private.h"

/* Edits over what someone else wrote meanwhile. Two people on a shared file
 * each see the other's edits once the store notices them (wm-store-watch.c),
 * but an editor showing a row's old values can still write one of them back
 * over the newer value before or while it is reloaded. An editor that says
 * what it shows (wm_store_mark_shown()) has every edit of that row checked,
 * inside the edit's transaction, column by column, as a three-way merge of
 * what was shown (the base), what the file holds now (theirs) and what the
 * edit writes (mine): a column only one side changed takes that side's
 * value; a column both changed differently refuses the whole edit with
 * WM_STORE_ERROR_CHANGED_ELSEWHERE, so the editor can show both values and
 * let the person choose. Nothing is written on a refusal, and nothing of
 * either person's is lost. This connection's own writes keep the shown
 * values current, so they never count as someone else's. */

static gint64 *
row_key (WmEntity entity,
         gint64   id)
{
  gint64 *key = g_new (gint64, 1);

  *key = ((gint64) entity << 48) | id;

  return key;
}

static WmRecord *
lookup_shown (WmStore  *self,
              WmEntity  entity,
              gint64    id)
{
  gint64 key = ((gint64) entity << 48) | id;

  return self->shown != NULL ? g_hash_table_lookup (self->shown, &key) : NULL;
}

static gboolean
values_equal (const GValue *a,
              const GValue *b)
{
  if (!G_IS_VALUE (a) || !G_IS_VALUE (b))
    return G_IS_VALUE (a) == G_IS_VALUE (b);
  if (G_VALUE_TYPE (a) != G_VALUE_TYPE (b))
    return FALSE;
  if (G_VALUE_HOLDS_STRING (a))
    return g_strcmp0 (g_value_get_string (a), g_value_get_string (b)) == 0;
  if (G_VALUE_HOLDS_INT64 (a))
    return g_value_get_int64 (a) == g_value_get_int64 (b);
  if (G_VALUE_HOLDS_DOUBLE (a))
    return g_value_get_double (a) == g_value_get_double (b);
  if (G_VALUE_HOLDS_BOOLEAN (a))
    return !g_value_get_boolean (a) == !g_value_get_boolean (b);
  if (G_VALUE_HOLDS (a, G_TYPE_BYTES))
    {
      GBytes *x = g_value_get_boxed (a), *y = g_value_get_boxed (b);

      return x == y || (x != NULL && y != NULL && g_bytes_equal (x, y));
    }

  return FALSE;
}

/* Puts @value (of @column's type, or unset) into @record. */
static void
set_value (WmRecord     *record,
           WmColumnId    column,
           const GValue *value)
{
  if (!G_IS_VALUE (value))
    {
      wm_record_unset (record, column);
      return;
    }

  switch (wm_column_get_info (column)->type)
    {
    case WM_COLUMN_TEXT:
      wm_record_set_string (record, column, g_value_get_string (value));
      break;
    case WM_COLUMN_INT:
      wm_record_set_int (record, column, g_value_get_int64 (value));
      break;
    case WM_COLUMN_REF:
      wm_record_set_ref (record, column, g_value_get_int64 (value));
      break;
    case WM_COLUMN_REAL:
      wm_record_set_double (record, column, g_value_get_double (value));
      break;
    case WM_COLUMN_BOOL:
      wm_record_set_boolean (record, column, g_value_get_boolean (value));
      break;
    case WM_COLUMN_BLOB:
      wm_record_set_bytes (record, column, g_value_get_boxed (value));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* How a person reads @value of @column: a choice's label, a referenced
 * row's name, a text cut to a line. */
static char *
describe_value (WmStore      *self,
                WmColumnId    column,
                const GValue *value)
{
  const WmColumn *info = wm_column_get_info (column);

  if (!G_IS_VALUE (value))
    return g_strdup (_("(empty)"));

  switch (info->type)
    {
    case WM_COLUMN_TEXT:
      {
        const char *text = g_value_get_string (value);

        if (text == NULL || *text == '\0')
          return g_strdup (_("(empty)"));
        if (info->choices != NULL)
          return g_strdup (wm_column_choice_label (column, text));
        if (g_utf8_strlen (text, -1) > 80)
          {
            g_autofree char *start = g_utf8_substring (text, 0, 79);

            return g_strconcat (start, "…", NULL);
          }
        return g_strdup (text);
      }
    case WM_COLUMN_BOOL:
      return g_strdup (g_value_get_boolean (value) ? _("yes") : _("no"));
    case WM_COLUMN_REF:
      {
        g_autoptr(WmRecord) target = NULL;

        if (g_value_get_int64 (value) <= 0)
          return g_strdup (_("(none)"));
        target = wm_store_get (self, info->ref, g_value_get_int64 (value), NULL);
        return g_strdup (target != NULL ? wm_record_get_label (target) : "?");
      }
    case WM_COLUMN_REAL:
      return g_strdup_printf ("%g", g_value_get_double (value));
    case WM_COLUMN_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, g_value_get_int64 (value));
    case WM_COLUMN_BLOB:
    default:
      return g_strdup (_("(changed)"));
    }
}

void
wm_store_mark_shown (WmStore  *self,
                     WmRecord *record)
{
  g_return_if_fail (WM_IS_STORE (self));
  g_return_if_fail (WM_IS_RECORD (record));
  g_return_if_fail (wm_record_get_id (record) > 0);

  if (self->shown == NULL)
    self->shown = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_hash_table_replace (self->shown,
                        row_key (wm_record_get_entity (record), wm_record_get_id (record)),
                        wm_record_copy (record));
}

void
wm_store_forget_shown (WmStore  *self,
                       WmEntity  entity,
                       gint64    id)
{
  gint64 key = ((gint64) entity << 48) | id;

  g_return_if_fail (WM_IS_STORE (self));

  if (self->shown != NULL)
    g_hash_table_remove (self->shown, &key);
}

gboolean
wm_store_check_shown (WmStore   *self,
                      WmRecord  *record,
                      gint64     id,
                      guint64    columns,
                      GError   **error)
{
  const WmEntityInfo *info = wm_record_get_info (record);
  WmRecord *shown = lookup_shown (self, info->entity, id);
  g_autoptr(WmRecord) now = NULL;

  if (shown == NULL)
    return TRUE;
  /* A row that is gone is the caller's "no longer exists" to report. */
  if ((now = wm_store_get (self, info->entity, id, NULL)) == NULL)
    return TRUE;

  for (guint i = 0; i < info->n_columns; i++)
    {
      const GValue *base = wm_record_peek_value (shown, i);
      const GValue *theirs = wm_record_peek_value (now, i);
      const GValue *mine = wm_record_peek_value (record, i);
      WmColumnId column = wm_entity_column_at (info->entity, i);

      /* Columns the edit does not write, or where nobody else wrote. */
      if (!(columns & (G_GUINT64_CONSTANT (1) << i)) ||
          (!G_IS_VALUE (mine) && !(info->columns[i].flags & WM_COLUMN_NULLABLE)) ||
          values_equal (base, theirs) || values_equal (mine, theirs))
        continue;

      /* Only they changed it: a whole-row write keeps their value. */
      if (columns == WM_STORE_WHOLE_ROW && values_equal (mine, base))
        {
          set_value (record, column, theirs);
          continue;
        }

      {
        g_autofree char *value = describe_value (self, column, theirs);

        g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_CHANGED_ELSEWHERE,
                     /* Translators: the first %s is a kind of item (“touchpoint”), the
                      * second a column (“title”), the third the other person's value */
                     _("Someone else changed this since it was shown here (%s, %s). It now "
                       "reads “%s”; nothing was changed."),
                     wm_entity_get_noun (info->entity), wm_column_get_name (column), value);
        return FALSE;
      }
    }

  return TRUE;
}

void
wm_store_note_written (WmStore  *self,
                       WmRecord *record,
                       gint64    id,
                       guint64   columns)
{
  const WmEntityInfo *info = wm_record_get_info (record);
  WmRecord *shown = lookup_shown (self, info->entity, id);

  if (shown == NULL)
    return;

  for (guint i = 0; i < info->n_columns; i++)
    {
      const GValue *value = wm_record_peek_value (record, i);
      WmColumnId column = wm_entity_column_at (info->entity, i);

      if (!(columns & (G_GUINT64_CONSTANT (1) << i)))
        continue;
      if (G_IS_VALUE (value) || (info->columns[i].flags & WM_COLUMN_NULLABLE))
        set_value (shown, column, value);
    }
}
