/* wm-record-list.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-record-list"

#include "config.h"

#include "wm-record-list.h"
#include "wm-record-private.h"

struct _WmRecordList
{
  GObject     parent_instance;

  WmStore    *store;
  WmEntity    entity;
  WmColumnId  parent_column;
  gint64      parent_id;
  GPtrArray  *records;
  gulong      changed_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WmRecordList, wm_record_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
wm_record_list_get_item_type (GListModel *model)
{
  return WM_TYPE_RECORD;
}

static guint
wm_record_list_get_n_items (GListModel *model)
{
  return WM_RECORD_LIST (model)->records->len;
}

static gpointer
wm_record_list_get_item (GListModel *model,
                         guint       position)
{
  WmRecordList *self = WM_RECORD_LIST (model);

  if (position >= self->records->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->records, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = wm_record_list_get_item_type;
  iface->get_n_items = wm_record_list_get_n_items;
  iface->get_item = wm_record_list_get_item;
}

static GPtrArray *
load (WmRecordList *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records;

  records = wm_store_list (self->store, self->entity, self->parent_column, self->parent_id, &error);
  if (records == NULL)
    {
      g_warning ("Cannot list %s: %s", wm_entity_get_info (self->entity)->table, error->message);
      records = g_ptr_array_new_with_free_func (g_object_unref);
    }

  return records;
}

static gboolean
same_id (GPtrArray *a,
         guint      i,
         GPtrArray *b,
         guint      j)
{
  return wm_record_get_id (g_ptr_array_index (a, i)) == wm_record_get_id (g_ptr_array_index (b, j));
}

/* Replaces the rows with a fresh read, keeping the objects of rows that stay
 * (refreshed in place) and announcing only the span that changed. */
static void
reload (WmRecordList *self)
{
  g_autoptr(GPtrArray) fresh = load (self);
  g_autoptr(GHashTable) old_by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                           g_free, NULL);
  GPtrArray *old = self->records;
  guint prefix = 0, suffix = 0;
  guint removed, added;

  while (prefix < old->len && prefix < fresh->len && same_id (old, prefix, fresh, prefix))
    prefix++;
  while (suffix < old->len - prefix && suffix < fresh->len - prefix &&
         same_id (old, old->len - 1 - suffix, fresh, fresh->len - 1 - suffix))
    suffix++;

  for (guint i = 0; i < old->len; i++)
    {
      WmRecord *record = g_ptr_array_index (old, i);

      g_hash_table_insert (old_by_id, g_memdup2 (&(gint64) { wm_record_get_id (record) },
                                                 sizeof (gint64)),
                           record);
    }

  self->records = g_ptr_array_new_full (fresh->len, g_object_unref);
  for (guint i = 0; i < fresh->len; i++)
    {
      WmRecord *record = g_ptr_array_index (fresh, i);
      gint64 id = wm_record_get_id (record);
      WmRecord *keep = g_hash_table_lookup (old_by_id, &id);

      if (keep != NULL)
        {
          wm_record_refresh_from (keep, record);
          g_ptr_array_add (self->records, g_object_ref (keep));
        }
      else
        g_ptr_array_add (self->records, g_object_ref (record));
    }

  removed = old->len - prefix - suffix;
  added = self->records->len - prefix - suffix;
  g_ptr_array_unref (old);

  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, removed, added);
}

static gboolean
belongs_here (WmRecordList *self,
              WmRecord     *record)
{
  return self->parent_column == WM_COLUMN_NONE ||
         wm_record_get_ref (record, self->parent_column) == self->parent_id;
}

/* Follows a change to the rows @ids only: rows of this list that merely
 * changed values refresh in place with one read each. Returns FALSE when the
 * list's membership or order may have changed, and it must be read whole. */
static gboolean
update_rows (WmRecordList *self,
             const GArray *ids)
{
  const WmEntityInfo *info = wm_entity_get_info (self->entity);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      int position = wm_record_list_find (self, id);
      g_autoptr(WmRecord) fresh = wm_store_get (self->store, self->entity, id, NULL);
      WmRecord *current;

      if (position < 0)
        {
          /* Deleted or elsewhere: nothing to do; new here: read the list. */
          if (fresh != NULL && belongs_here (self, fresh))
            return FALSE;
          continue;
        }

      current = g_ptr_array_index (self->records, position);
      if (fresh == NULL || !belongs_here (self, fresh))
        return FALSE;
      if (info->position_column != WM_COLUMN_NONE &&
          wm_record_get_int (fresh, info->position_column) !=
          wm_record_get_int (current, info->position_column))
        return FALSE;
      wm_record_refresh_from (current, fresh);
    }

  return TRUE;
}

static void
store_changed_cb (WmRecordList *self,
                  guint64       mask,
                  WmStore      *store)
{
  const GArray *ids;

  if (!(mask & WM_CHANGE_ENTITY (self->entity)))
    return;

  /* A small change is followed row by row; a big or unknown one read whole. */
  ids = wm_store_get_changed_ids (store, self->entity);
  if (ids != NULL && ids->len <= 64 && update_rows (self, ids))
    return;

  reload (self);
}

static void
wm_record_list_dispose (GObject *object)
{
  WmRecordList *self = (WmRecordList *)object;

  g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (wm_record_list_parent_class)->dispose (object);
}

static void
wm_record_list_finalize (GObject *object)
{
  WmRecordList *self = (WmRecordList *)object;

  g_clear_pointer (&self->records, g_ptr_array_unref);

  G_OBJECT_CLASS (wm_record_list_parent_class)->finalize (object);
}

static void
wm_record_list_class_init (WmRecordListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wm_record_list_dispose;
  object_class->finalize = wm_record_list_finalize;
}

static void
wm_record_list_init (WmRecordList *self)
{
}

WmRecordList *
wm_record_list_new (WmStore    *store,
                    WmEntity    entity,
                    WmColumnId  parent_column,
                    gint64      parent_id)
{
  WmRecordList *self;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);
  g_return_val_if_fail (entity < WM_N_ENTITIES, NULL);

  self = g_object_new (WM_TYPE_RECORD_LIST, NULL);
  self->store = g_object_ref (store);
  self->entity = entity;
  self->parent_column = parent_column;
  self->parent_id = parent_id;
  self->records = load (self);
  self->changed_id = g_signal_connect_object (store, "changed",
                                              G_CALLBACK (store_changed_cb), self,
                                              G_CONNECT_SWAPPED);

  return self;
}

WmStore *
wm_record_list_get_store (WmRecordList *self)
{
  g_return_val_if_fail (WM_IS_RECORD_LIST (self), NULL);

  return self->store;
}

WmEntity
wm_record_list_get_entity (WmRecordList *self)
{
  g_return_val_if_fail (WM_IS_RECORD_LIST (self), 0);

  return self->entity;
}

int
wm_record_list_find (WmRecordList *self,
                     gint64        id)
{
  g_return_val_if_fail (WM_IS_RECORD_LIST (self), -1);

  for (guint i = 0; i < self->records->len; i++)
    {
      if (wm_record_get_id (g_ptr_array_index (self->records, i)) == id)
        return (int) i;
    }

  return -1;
}
