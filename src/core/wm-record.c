/* wm-record.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-record"

#include "config.h"

#include "wm-record-private.h"

struct _WmRecord
{
  GObject             parent_instance;

  const WmEntityInfo *info;
  gint64              id;
  char               *uuid;
  gint64              created_at;
  gint64              modified_at;
  GValue             *values;   /* info->n_columns; G_VALUE_INIT means SQL NULL / unset */
};

struct _WmRecordClass
{
  GObjectClass        parent_class;

  const WmEntityInfo *info;       /* NULL for the abstract base */
  GParamSpec        **columns;    /* info->n_columns, the per-column properties */
};

G_DEFINE_ABSTRACT_TYPE (WmRecord, wm_record, G_TYPE_OBJECT)

#define WM_RECORD_GET_CLASS(obj) (G_TYPE_INSTANCE_GET_CLASS ((obj), WM_TYPE_RECORD, WmRecordClass))

enum {
  PROP_0,
  PROP_ENTITY,
  PROP_ID,
  PROP_UUID,
  PROP_LABEL,
  PROP_MODIFIED_AT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GType
column_gtype (const WmColumn *column)
{
  switch (column->type)
    {
    case WM_COLUMN_TEXT:
      return G_TYPE_STRING;
    case WM_COLUMN_INT:
    case WM_COLUMN_REF:
      return G_TYPE_INT64;
    case WM_COLUMN_REAL:
      return G_TYPE_DOUBLE;
    case WM_COLUMN_BOOL:
      return G_TYPE_BOOLEAN;
    case WM_COLUMN_BLOB:
      return G_TYPE_BYTES;
    default:
      g_assert_not_reached ();
    }
}

/* The index of @column in @self's values, or -1 (with a critical) when
 * @column belongs to another entity or is not of @type. */
static int
lookup_column (WmRecord     *self,
               WmColumnId    column,
               WmColumnType  type)
{
  const WmColumn *info;

  if (!wm_column_is_valid (column) || WM_COLUMN_ENTITY (column) != self->info->entity)
    {
      g_critical ("Column %u is not a column of %s", column, self->info->table);
      return -1;
    }

  info = &self->info->columns[WM_COLUMN_INDEX (column)];
  if ((int) type >= 0 && info->type != type)
    {
      g_critical ("%s.%s is not of the type asked for", self->info->table, info->name);
      return -1;
    }

  return (int) WM_COLUMN_INDEX (column);
}

#define ANY_TYPE ((WmColumnType) -1)

/* Whether a value of this record's holds anything. The type alone, not
 * G_IS_VALUE(), which asks the type system each time: a record's values are
 * only ever zeroed, initialised or unset by this file. The getters run this
 * for every column read, hundreds of thousands of times when feeds refresh. */
static inline gboolean
is_set (const GValue *value)
{
  return G_VALUE_TYPE (value) != G_TYPE_INVALID;
}

/* Makes @to hold what @from holds: its value, or none. */
static void
copy_value (GValue       *to,
            const GValue *from)
{
  if (is_set (to))
    g_value_unset (to);
  if (is_set (from))
    {
      g_value_init (to, G_VALUE_TYPE (from));
      g_value_copy (from, to);
    }
}

static gboolean
values_equal (const GValue *a,
              const GValue *b)
{
  if (G_VALUE_TYPE (a) != G_VALUE_TYPE (b))
    return FALSE;

  switch (G_VALUE_TYPE (a))
    {
    case G_TYPE_INVALID:
      return TRUE;
    case G_TYPE_STRING:
      return g_strcmp0 (g_value_get_string (a), g_value_get_string (b)) == 0;
    case G_TYPE_INT64:
      return g_value_get_int64 (a) == g_value_get_int64 (b);
    case G_TYPE_DOUBLE:
      return g_value_get_double (a) == g_value_get_double (b);
    case G_TYPE_BOOLEAN:
      return g_value_get_boolean (a) == g_value_get_boolean (b);
    default:
      if (G_VALUE_TYPE (a) == G_TYPE_BYTES)
        {
          GBytes *x = g_value_get_boxed (a);
          GBytes *y = g_value_get_boxed (b);

          if (x == NULL || y == NULL)
            return x == y;
          return g_bytes_equal (x, y);
        }
      g_assert_not_reached ();
    }
}

static void
wm_record_finalize (GObject *object)
{
  WmRecord *self = (WmRecord *)object;

  for (guint i = 0; i < self->info->n_columns; i++)
    {
      if (is_set (&self->values[i]))
        g_value_unset (&self->values[i]);
    }
  g_free (self->values);
  g_free (self->uuid);

  G_OBJECT_CLASS (wm_record_parent_class)->finalize (object);
}

static void
wm_record_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  WmRecord *self = WM_RECORD (object);

  switch (prop_id)
    {
    case PROP_ENTITY:
      g_value_set_int (value, self->info->entity);
      break;
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_LABEL:
      g_value_set_string (value, wm_record_get_label (self));
      break;
    case PROP_MODIFIED_AT:
      g_value_set_int64 (value, self->modified_at);
      break;
    default:
      if (prop_id >= N_PROPS && prop_id - N_PROPS < self->info->n_columns)
        {
          const GValue *v = &self->values[prop_id - N_PROPS];

          /* SQL NULL reads as the property's default (0, "", NULL). */
          if (is_set (v))
            g_value_copy (v, value);
          else if (G_VALUE_HOLDS_STRING (value))
            g_value_set_static_string (value, "");
          break;
        }
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wm_record_class_init (WmRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wm_record_finalize;
  object_class->get_property = wm_record_get_property;

  properties[PROP_ENTITY] =
    g_param_spec_int ("entity", NULL, NULL, 0, WM_N_ENTITIES - 1, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED_AT] =
    g_param_spec_int64 ("modified-at", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted once after the store refreshed the record's values in place. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
wm_record_init (WmRecord *self)
{
}

/* Per-entity subclasses */

static GParamSpec *
column_pspec (const WmColumn *column)
{
  g_autofree char *name = g_strdelimit (g_strdup (column->name), "_", '-');
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_NICK |
                      G_PARAM_STATIC_BLURB;

  switch (column->type)
    {
    case WM_COLUMN_TEXT:
      return g_param_spec_string (name, NULL, NULL, "", flags);
    case WM_COLUMN_INT:
    case WM_COLUMN_REF:
      return g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
    case WM_COLUMN_REAL:
      return g_param_spec_double (name, NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
    case WM_COLUMN_BOOL:
      return g_param_spec_boolean (name, NULL, NULL, FALSE, flags);
    case WM_COLUMN_BLOB:
      return g_param_spec_boxed (name, NULL, NULL, G_TYPE_BYTES, flags);
    default:
      g_assert_not_reached ();
    }
}

static void
entity_class_init (gpointer klass,
                   gpointer class_data)
{
  WmRecordClass *record_class = klass;
  const WmEntityInfo *info = class_data;

  /* GObject does not inherit get_property: each class that installs
   * properties reads them itself. */
  G_OBJECT_CLASS (klass)->get_property = wm_record_get_property;
  record_class->info = info;
  record_class->columns = g_new0 (GParamSpec *, info->n_columns);
  for (guint i = 0; i < info->n_columns; i++)
    {
      record_class->columns[i] = column_pspec (&info->columns[i]);
      g_object_class_install_property (G_OBJECT_CLASS (klass), N_PROPS + i,
                                       record_class->columns[i]);
    }
}

static void
entity_instance_init (GTypeInstance *instance,
                      gpointer       klass)
{
  WmRecord *self = (WmRecord *) instance;

  self->info = ((WmRecordClass *) klass)->info;
  self->values = g_new0 (GValue, self->info->n_columns);
}

GType
wm_record_type_for_entity (WmEntity entity)
{
  static GType types[WM_N_ENTITIES];
  static GMutex lock;

  g_return_val_if_fail (entity < WM_N_ENTITIES, G_TYPE_INVALID);

  g_mutex_lock (&lock);
  if (types[entity] == 0)
    {
      const WmEntityInfo *info = wm_entity_get_info (entity);
      g_auto(GStrv) words = g_strsplit (info->table, "_", -1);
      g_autoptr(GString) name = g_string_new ("Wm");
      GTypeInfo type_info = {
        .class_size = sizeof (WmRecordClass),
        .class_init = entity_class_init,
        .class_data = info,
        .instance_size = sizeof (WmRecord),
        .instance_init = entity_instance_init,
      };

      for (guint i = 0; words[i] != NULL; i++)
        {
          words[i][0] = g_ascii_toupper (words[i][0]);
          g_string_append (name, words[i]);
        }
      g_string_append (name, "Record");
      types[entity] = g_type_register_static (WM_TYPE_RECORD, name->str, &type_info,
                                              G_TYPE_FLAG_FINAL);
    }
  g_mutex_unlock (&lock);

  return types[entity];
}

WmRecord *
wm_record_new (WmEntity entity)
{
  WmRecord *self;

  g_return_val_if_fail (entity < WM_N_ENTITIES, NULL);

  self = g_object_new (wm_record_type_for_entity (entity), NULL);

  return self;
}

WmRecord *
wm_record_copy (WmRecord *self)
{
  WmRecord *copy;

  g_return_val_if_fail (WM_IS_RECORD (self), NULL);

  copy = wm_record_new (self->info->entity);
  copy->id = self->id;
  copy->uuid = g_strdup (self->uuid);
  copy->created_at = self->created_at;
  copy->modified_at = self->modified_at;
  for (guint i = 0; i < self->info->n_columns; i++)
    copy_value (&copy->values[i], &self->values[i]);

  return copy;
}

WmEntity
wm_record_get_entity (WmRecord *self)
{
  g_return_val_if_fail (WM_IS_RECORD (self), 0);

  return self->info->entity;
}

const WmEntityInfo *
wm_record_get_info (WmRecord *self)
{
  g_return_val_if_fail (WM_IS_RECORD (self), NULL);

  return self->info;
}

gint64
wm_record_get_id (WmRecord *self)
{
  g_return_val_if_fail (WM_IS_RECORD (self), 0);

  return self->id;
}

const char *
wm_record_get_uuid (WmRecord *self)
{
  g_return_val_if_fail (WM_IS_RECORD (self), NULL);

  return self->uuid;
}

gint64
wm_record_get_created_at (WmRecord *self)
{
  g_return_val_if_fail (WM_IS_RECORD (self), 0);

  return self->created_at;
}

gint64
wm_record_get_modified_at (WmRecord *self)
{
  g_return_val_if_fail (WM_IS_RECORD (self), 0);

  return self->modified_at;
}

const char *
wm_record_get_label (WmRecord *self)
{
  g_return_val_if_fail (WM_IS_RECORD (self), NULL);

  if (self->info->label_column == WM_COLUMN_NONE)
    return "";

  return wm_record_get_string (self, self->info->label_column);
}

const char *
wm_record_get_string (WmRecord   *self,
                      WmColumnId  column)
{
  int i;

  g_return_val_if_fail (WM_IS_RECORD (self), NULL);

  if ((i = lookup_column (self, column, WM_COLUMN_TEXT)) < 0)
    return "";
  if (!is_set (&self->values[i]) || g_value_get_string (&self->values[i]) == NULL)
    return "";

  return g_value_get_string (&self->values[i]);
}

static gint64
get_int64 (WmRecord     *self,
           WmColumnId    column,
           WmColumnType  type)
{
  int i = lookup_column (self, column, type);

  if (i < 0 || !is_set (&self->values[i]))
    return 0;

  return g_value_get_int64 (&self->values[i]);
}

gint64
wm_record_get_int (WmRecord   *self,
                   WmColumnId  column)
{
  g_return_val_if_fail (WM_IS_RECORD (self), 0);

  return get_int64 (self, column, WM_COLUMN_INT);
}

gint64
wm_record_get_ref (WmRecord   *self,
                   WmColumnId  column)
{
  g_return_val_if_fail (WM_IS_RECORD (self), 0);

  return get_int64 (self, column, WM_COLUMN_REF);
}

double
wm_record_get_double (WmRecord   *self,
                      WmColumnId  column)
{
  int i;

  g_return_val_if_fail (WM_IS_RECORD (self), 0.0);

  if ((i = lookup_column (self, column, WM_COLUMN_REAL)) < 0 || !is_set (&self->values[i]))
    return 0.0;

  return g_value_get_double (&self->values[i]);
}

gboolean
wm_record_get_boolean (WmRecord   *self,
                       WmColumnId  column)
{
  int i;

  g_return_val_if_fail (WM_IS_RECORD (self), FALSE);

  if ((i = lookup_column (self, column, WM_COLUMN_BOOL)) < 0 || !is_set (&self->values[i]))
    return FALSE;

  return g_value_get_boolean (&self->values[i]);
}

GBytes *
wm_record_get_bytes (WmRecord   *self,
                     WmColumnId  column)
{
  int i;

  g_return_val_if_fail (WM_IS_RECORD (self), NULL);

  if ((i = lookup_column (self, column, WM_COLUMN_BLOB)) < 0 || !is_set (&self->values[i]))
    return NULL;

  return g_value_get_boxed (&self->values[i]);
}

gboolean
wm_record_is_set (WmRecord   *self,
                  WmColumnId  column)
{
  int i;

  g_return_val_if_fail (WM_IS_RECORD (self), FALSE);

  if ((i = lookup_column (self, column, ANY_TYPE)) < 0)
    return FALSE;

  return is_set (&self->values[i]);
}

static GValue *
prepare_value (WmRecord     *self,
               WmColumnId    column,
               WmColumnType  type)
{
  int i = lookup_column (self, column, type);

  if (i < 0)
    return NULL;

  if (is_set (&self->values[i]))
    g_value_unset (&self->values[i]);
  g_value_init (&self->values[i], column_gtype (&self->info->columns[i]));

  return &self->values[i];
}

void
wm_record_set_string (WmRecord   *self,
                      WmColumnId  column,
                      const char *value)
{
  GValue *v;

  g_return_if_fail (WM_IS_RECORD (self));

  if ((v = prepare_value (self, column, WM_COLUMN_TEXT)))
    g_value_set_string (v, value ? value : "");
}

void
wm_record_set_int (WmRecord   *self,
                   WmColumnId  column,
                   gint64      value)
{
  GValue *v;

  g_return_if_fail (WM_IS_RECORD (self));

  if ((v = prepare_value (self, column, WM_COLUMN_INT)))
    g_value_set_int64 (v, value);
}

void
wm_record_set_double (WmRecord   *self,
                      WmColumnId  column,
                      double      value)
{
  GValue *v;

  g_return_if_fail (WM_IS_RECORD (self));

  if ((v = prepare_value (self, column, WM_COLUMN_REAL)))
    g_value_set_double (v, value);
}

void
wm_record_set_boolean (WmRecord   *self,
                       WmColumnId  column,
                       gboolean    value)
{
  GValue *v;

  g_return_if_fail (WM_IS_RECORD (self));

  if ((v = prepare_value (self, column, WM_COLUMN_BOOL)))
    g_value_set_boolean (v, !!value);
}

void
wm_record_set_ref (WmRecord   *self,
                   WmColumnId  column,
                   gint64      id)
{
  g_return_if_fail (WM_IS_RECORD (self));

  if (id <= 0)
    {
      if (lookup_column (self, column, WM_COLUMN_REF) >= 0)
        wm_record_unset (self, column);
    }
  else
    {
      GValue *v = prepare_value (self, column, WM_COLUMN_REF);

      if (v != NULL)
        g_value_set_int64 (v, id);
    }
}

void
wm_record_set_bytes (WmRecord   *self,
                     WmColumnId  column,
                     GBytes     *value)
{
  g_return_if_fail (WM_IS_RECORD (self));

  if (value == NULL)
    {
      if (lookup_column (self, column, WM_COLUMN_BLOB) >= 0)
        wm_record_unset (self, column);
    }
  else
    {
      GValue *v = prepare_value (self, column, WM_COLUMN_BLOB);

      if (v != NULL)
        g_value_set_boxed (v, value);
    }
}

void
wm_record_unset (WmRecord   *self,
                 WmColumnId  column)
{
  int i;

  g_return_if_fail (WM_IS_RECORD (self));

  if ((i = lookup_column (self, column, ANY_TYPE)) < 0)
    return;

  if (is_set (&self->values[i]))
    g_value_unset (&self->values[i]);
}

/* Store side */

char *
wm_record_build_select_list (const WmEntityInfo *info)
{
  GString *s = g_string_new ("id, uuid, created_at, modified_at");

  for (guint i = 0; i < info->n_columns; i++)
    g_string_append_printf (s, ", \"%s\"", info->columns[i].name);

  return g_string_free (s, FALSE);
}

WmRecord *
wm_record_new_from_stmt (WmEntity      entity,
                         sqlite3_stmt *stmt)
{
  return wm_record_new_from_stmt_columns (entity, stmt, G_MAXUINT64);
}

WmRecord *
wm_record_new_from_stmt_columns (WmEntity      entity,
                                 sqlite3_stmt *stmt,
                                 guint64       columns)
{
  WmRecord *self = wm_record_new (entity);
  int next = 4;  /* the statement's column of the next one read */

  self->id = sqlite3_column_int64 (stmt, 0);
  self->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  self->created_at = sqlite3_column_int64 (stmt, 2);
  self->modified_at = sqlite3_column_int64 (stmt, 3);

  for (guint i = 0; i < self->info->n_columns; i++)
    {
      GValue *v = &self->values[i];
      int col;

      if (i < 64 && !(columns & (G_GUINT64_CONSTANT (1) << i)))
        continue;
      col = next++;
      if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
        continue;

      g_value_init (v, column_gtype (&self->info->columns[i]));
      switch (self->info->columns[i].type)
        {
        case WM_COLUMN_TEXT:
          g_value_set_string (v, (const char *) sqlite3_column_text (stmt, col));
          break;
        case WM_COLUMN_INT:
        case WM_COLUMN_REF:
          g_value_set_int64 (v, sqlite3_column_int64 (stmt, col));
          break;
        case WM_COLUMN_REAL:
          g_value_set_double (v, sqlite3_column_double (stmt, col));
          break;
        case WM_COLUMN_BOOL:
          g_value_set_boolean (v, sqlite3_column_int64 (stmt, col) != 0);
          break;
        case WM_COLUMN_BLOB:
          g_value_take_boxed (v, g_bytes_new (sqlite3_column_blob (stmt, col),
                                              (gsize) sqlite3_column_bytes (stmt, col)));
          break;
        default:
          g_assert_not_reached ();
        }
    }

  return self;
}

const GValue *
wm_record_peek_value (WmRecord *self,
                      guint     column)
{
  g_return_val_if_fail (WM_IS_RECORD (self), NULL);
  g_return_val_if_fail (column < self->info->n_columns, NULL);

  return &self->values[column];
}

guint64
wm_record_get_set_mask (WmRecord *self)
{
  guint64 mask = 0;

  g_return_val_if_fail (WM_IS_RECORD (self), 0);
  g_assert (self->info->n_columns <= 64);

  for (guint i = 0; i < self->info->n_columns; i++)
    {
      if (is_set (&self->values[i]))
        mask |= G_GUINT64_CONSTANT (1) << i;
    }

  return mask;
}

void
wm_record_set_identity (WmRecord   *self,
                        gint64      id,
                        const char *uuid,
                        gint64      created_at,
                        gint64      modified_at)
{
  g_return_if_fail (WM_IS_RECORD (self));

  self->id = id;
  if (g_strcmp0 (self->uuid, uuid) != 0)
    {
      g_free (self->uuid);
      self->uuid = g_strdup (uuid);
    }
  self->created_at = created_at;
  self->modified_at = modified_at;
}

void
wm_record_update_from (WmRecord *self,
                       WmRecord *changes)
{
  g_return_if_fail (WM_IS_RECORD (self));
  g_return_if_fail (WM_IS_RECORD (changes));
  g_return_if_fail (self->info == changes->info);

  for (guint i = 0; i < self->info->n_columns; i++)
    {
      if (is_set (&changes->values[i]))
        copy_value (&self->values[i], &changes->values[i]);
    }
}

void
wm_record_refresh_from (WmRecord *self,
                        WmRecord *source)
{
  gboolean changed = FALSE;
  gboolean label_changed = FALSE;
  int label_index;

  g_return_if_fail (WM_IS_RECORD (self));
  g_return_if_fail (WM_IS_RECORD (source));
  g_return_if_fail (self->info == source->info);

  label_index = self->info->label_column != WM_COLUMN_NONE
              ? (int) WM_COLUMN_INDEX (self->info->label_column)
              : -1;

  g_object_freeze_notify (G_OBJECT (self));

  if (self->id != source->id)
    {
      self->id = source->id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
      changed = TRUE;
    }
  if (g_strcmp0 (self->uuid, source->uuid) != 0)
    {
      g_free (self->uuid);
      self->uuid = g_strdup (source->uuid);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UUID]);
      changed = TRUE;
    }
  self->created_at = source->created_at;
  if (self->modified_at != source->modified_at)
    {
      self->modified_at = source->modified_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED_AT]);
      changed = TRUE;
    }

  for (guint i = 0; i < self->info->n_columns; i++)
    {
      if (values_equal (&self->values[i], &source->values[i]))
        continue;

      copy_value (&self->values[i], &source->values[i]);
      changed = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), WM_RECORD_GET_CLASS (self)->columns[i]);
      if ((int) i == label_index)
        label_changed = TRUE;
    }

  if (label_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);

  g_object_thaw_notify (G_OBJECT (self));

  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
}
