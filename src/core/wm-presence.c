/* wm-presence.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-presence"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "wm-presence.h"

#define DEFAULT_INTERVAL_MS 20000
/* A heartbeat missed this many times means the session is gone (crashed,
 * or a laptop closed without saying so). */
#define STALE_INTERVALS 3
#define MAX_SIDECAR_BYTES 4096

struct _WmPresence
{
  GObject       parent_instance;

  GFile        *dir;
  char         *prefix;         /* ".NAME.waymark.presence-" */
  GFile        *own;
  gint64        since;
  guint         interval_ms;
  guint         timeout_id;
  GCancellable *cancellable;
  GPtrArray    *others;         /* WmPresenceEntry */
  GPtrArray    *scanning;       /* WmPresenceEntry, the scan under way */
  guint         pending;        /* reads of the scan under way */
  guint         writing;        /* heartbeats being written */
  gboolean      remove_when_written; /* stopped while writing: see wm_presence_stop() */
};

enum
{
  PROP_0,
  PROP_OTHERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (WmPresence, wm_presence, G_TYPE_OBJECT)

/* Helpers */

static void
entry_free (gpointer data)
{
  WmPresenceEntry *entry = data;

  g_free (entry->name);
  g_free (entry->host);
  g_free (entry);
}

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* This process, among those that ever wrote a sidecar: a pid alone may be
 * reused, and in a Flatpak sandbox every launch may get the same one. */
static const char *
instance_id (void)
{
  static gsize id;

  if (g_once_init_enter (&id))
    g_once_init_leave (&id, (gsize) g_uuid_string_random ());

  return (const char *) id;
}

static GBytes *
heartbeat (WmPresence *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *real_name = g_get_real_name ();
  char *text;
  gsize length = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, g_strcmp0 (real_name, "Unknown") != 0
                                          ? real_name : g_get_user_name ());
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, g_get_user_name ());
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, g_get_host_name ());
  json_builder_set_member_name (builder, "since");
  json_builder_add_int_value (builder, self->since);
  json_builder_set_member_name (builder, "seen");
  json_builder_add_int_value (builder, now ());
  json_builder_set_member_name (builder, "pid");
  json_builder_add_int_value (builder, getpid ());
  json_builder_set_member_name (builder, "instance");
  json_builder_add_string_value (builder, instance_id ());
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}

/* Whether a sidecar is from a session of this user on this computer whose
 * process has exited (Waymark crashed or was killed): Waymark runs once per
 * user session, so such a file is a leftover, not someone else. */
static gboolean
is_own_leftover (JsonObject *object)
{
  gint64 pid = json_object_get_int_member_with_default (object, "pid", 0);
  const char *instance = json_object_get_string_member_with_default (object, "instance", "");

  if (pid <= 0 || pid > G_MAXINT || g_strcmp0 (instance, instance_id ()) == 0
      || g_strcmp0 (json_object_get_string_member_with_default (object, "host", NULL),
                    g_get_host_name ()) != 0
      || g_strcmp0 (json_object_get_string_member_with_default (object, "user", NULL),
                    g_get_user_name ()) != 0)
    return FALSE;

  /* Another process that had our pid is gone; else ask whether it runs. */
  return pid == getpid () || (kill ((pid_t) pid, 0) == -1 && errno == ESRCH);
}

/* A sidecar's entry, or NULL when it is stale or not one; @leftover says
 * the file is a crashed session's of ours, to be removed. */
static WmPresenceEntry *
parse_sidecar (const char *data,
               gsize       size,
               guint       interval_ms,
               gboolean   *leftover)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  WmPresenceEntry *entry;
  gint64 seen;

  if (size == 0 || size > MAX_SIDECAR_BYTES || !g_utf8_validate_len (data, size, NULL) ||
      !json_parser_load_from_data (parser, data, (gssize) size, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  object = json_node_get_object (json_parser_get_root (parser));
  seen = json_object_get_int_member_with_default (object, "seen", 0);
  if (now () - seen > MAX ((gint64) (STALE_INTERVALS * interval_ms / 1000) + 1, 10))
    return NULL;
  *leftover = is_own_leftover (object);
  if (*leftover)
    return NULL;

  entry = g_new0 (WmPresenceEntry, 1);
  entry->name = g_strdup (json_object_get_string_member_with_default (object, "name", NULL));
  entry->host = g_strdup (json_object_get_string_member_with_default (object, "host", NULL));
  entry->since = json_object_get_int_member_with_default (object, "since", seen);
  if (entry->name == NULL || entry->host == NULL || entry->name[0] == '\0' ||
      !g_utf8_validate (entry->name, -1, NULL) || !g_utf8_validate (entry->host, -1, NULL))
    {
      entry_free (entry);
      return NULL;
    }

  return entry;
}

static int
entry_compare (gconstpointer a,
               gconstpointer b)
{
  const WmPresenceEntry *ea = *(WmPresenceEntry **) a;
  const WmPresenceEntry *eb = *(WmPresenceEntry **) b;

  return ea->since < eb->since ? -1 : ea->since > eb->since;
}

static gboolean
same_entries (GPtrArray *a,
              GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      WmPresenceEntry *ea = g_ptr_array_index (a, i);
      WmPresenceEntry *eb = g_ptr_array_index (b, i);

      if (g_strcmp0 (ea->name, eb->name) != 0 || g_strcmp0 (ea->host, eb->host) != 0 ||
          ea->since != eb->since)
        return FALSE;
    }

  return TRUE;
}

static void
scan_done (WmPresence *self)
{
  g_autoptr(GPtrArray) found = g_steal_pointer (&self->scanning);

  g_ptr_array_sort (found, entry_compare);
  if (same_entries (found, self->others))
    return;
  g_ptr_array_unref (self->others);
  self->others = g_steal_pointer (&found);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OTHERS]);
}

/* Callbacks */

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(WmPresence) self = user_data;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, NULL) &&
      self->scanning != NULL)
    {
      gboolean leftover = FALSE;
      WmPresenceEntry *entry = parse_sidecar (contents, length, self->interval_ms, &leftover);

      if (entry != NULL)
        g_ptr_array_add (self->scanning, entry);
      else if (leftover)
        g_file_delete_async (G_FILE (source), G_PRIORITY_LOW, NULL, NULL, NULL);
    }
  if (--self->pending == 0 && self->scanning != NULL)
    scan_done (self);
}

static void
next_files_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(WmPresence) self = user_data;
  GFileEnumerator *enumerator = G_FILE_ENUMERATOR (source);
  g_autolist(GFileInfo) infos = g_file_enumerator_next_files_finish (enumerator, result, NULL);
  g_autofree char *own = self->own != NULL ? g_file_get_basename (self->own) : NULL;

  if (self->scanning == NULL)
    return;

  for (GList *l = infos; l != NULL; l = l->next)
    {
      const char *name = g_file_info_get_name (l->data);
      g_autoptr(GFile) file = NULL;

      if (!g_str_has_prefix (name, self->prefix) || g_strcmp0 (name, own) == 0 ||
          g_file_info_get_size (l->data) > MAX_SIDECAR_BYTES)
        continue;
      file = g_file_get_child (self->dir, name);
      self->pending++;
      g_file_load_contents_async (file, self->cancellable, read_cb, g_object_ref (self));
    }

  if (infos != NULL)
    {
      g_file_enumerator_next_files_async (enumerator, 64, G_PRIORITY_LOW, self->cancellable,
                                          next_files_cb, g_object_ref (self));
      return;
    }
  g_file_enumerator_close_async (enumerator, G_PRIORITY_LOW, NULL, NULL, NULL);
  if (--self->pending == 0)
    scan_done (self);
}

static void
enumerate_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WmPresence) self = user_data;
  g_autoptr(GFileEnumerator) enumerator = g_file_enumerate_children_finish (G_FILE (source),
                                                                            result, NULL);

  if (self->scanning == NULL)
    return;
  if (enumerator == NULL)
    {
      if (--self->pending == 0)
        scan_done (self);
      return;
    }
  g_file_enumerator_next_files_async (enumerator, 64, G_PRIORITY_LOW, self->cancellable,
                                      next_files_cb, g_object_ref (self));
}

static void
scan (WmPresence *self)
{
  /* One scan at a time: a slow share just makes them rarer. */
  if (self->scanning != NULL)
    return;
  self->scanning = g_ptr_array_new_with_free_func (entry_free);
  self->pending = 1;
  g_file_enumerate_children_async (self->dir,
                                   G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                   G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                   G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, G_PRIORITY_LOW,
                                   self->cancellable, enumerate_cb, g_object_ref (self));
}

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(WmPresence) self = user_data;
  g_autoptr(GError) error = NULL;

  /* A folder that cannot be written only means others will not see us. */
  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_debug ("Cannot write the presence file: %s", error->message);
  if (--self->writing == 0 && self->remove_when_written)
    {
      self->remove_when_written = FALSE;
      g_file_delete_async (self->own, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
    }
}

static gboolean
beat_cb (gpointer user_data)
{
  WmPresence *self = user_data;
  g_autoptr(GBytes) bytes = heartbeat (self);

  /* Not cancelled when stopped: a write cut short could still put the file
   * back after its removal (see wm_presence_stop()). */
  self->writing++;
  g_file_replace_contents_bytes_async (self->own, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, NULL, write_cb,
                                       g_object_ref (self));
  scan (self);

  return G_SOURCE_CONTINUE;
}

/* Overrides */

static void
wm_presence_dispose (GObject *object)
{
  WmPresence *self = WM_PRESENCE (object);

  wm_presence_stop (self);

  G_OBJECT_CLASS (wm_presence_parent_class)->dispose (object);
}

static void
wm_presence_finalize (GObject *object)
{
  WmPresence *self = WM_PRESENCE (object);

  g_clear_object (&self->dir);
  g_clear_object (&self->own);
  g_clear_pointer (&self->prefix, g_free);
  g_clear_pointer (&self->others, g_ptr_array_unref);
  g_clear_pointer (&self->scanning, g_ptr_array_unref);

  G_OBJECT_CLASS (wm_presence_parent_class)->finalize (object);
}

static void
wm_presence_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  WmPresence *self = WM_PRESENCE (object);

  switch (prop_id)
    {
    case PROP_OTHERS:
      g_value_set_boxed (value, self->others);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wm_presence_class_init (WmPresenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wm_presence_dispose;
  object_class->finalize = wm_presence_finalize;
  object_class->get_property = wm_presence_get_property;

  properties[PROP_OTHERS] =
    g_param_spec_boxed ("others", NULL, NULL, G_TYPE_PTR_ARRAY,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wm_presence_init (WmPresence *self)
{
  self->others = g_ptr_array_new_with_free_func (entry_free);
}

/* Public API */

WmPresence *
wm_presence_new (const char *project_path)
{
  WmPresence *self;
  g_autofree char *base = NULL;
  g_autofree char *session = g_uuid_string_random ();
  g_autofree char *own = NULL;
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (project_path != NULL, NULL);

  self = g_object_new (WM_TYPE_PRESENCE, NULL);
  base = g_path_get_basename (project_path);
  file = g_file_new_for_path (project_path);
  self->dir = g_file_get_parent (file);
  self->prefix = g_strdup_printf (".%s.presence-", base);
  own = g_strconcat (self->prefix, session, NULL);
  self->own = g_file_get_child (self->dir, own);

  return self;
}

void
wm_presence_start (WmPresence *self,
                   guint       interval_ms)
{
  g_return_if_fail (WM_IS_PRESENCE (self));

  if (self->timeout_id != 0)
    return;
  self->interval_ms = interval_ms > 0 ? interval_ms : DEFAULT_INTERVAL_MS;
  self->since = now ();
  self->cancellable = g_cancellable_new ();
  self->remove_when_written = FALSE;
  beat_cb (self);
  self->timeout_id = g_timeout_add (self->interval_ms, beat_cb, self);
}

void
wm_presence_stop (WmPresence *self)
{
  g_return_if_fail (WM_IS_PRESENCE (self));

  if (self->timeout_id == 0)
    return;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->scanning, g_ptr_array_unref);
  /* Gone for others at once, or once the heartbeat being written is in: a
   * removal running beside that write could come first and the write put
   * the file back. If the removal does not reach a slow share, the
   * heartbeat goes stale and others stop showing us anyway. */
  if (self->writing > 0)
    self->remove_when_written = TRUE;
  else
    g_file_delete_async (self->own, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
}

GPtrArray *
wm_presence_get_others (WmPresence *self)
{
  g_return_val_if_fail (WM_IS_PRESENCE (self), NULL);

  return self->others;
}

char *
wm_presence_describe (WmPresence *self)
{
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (WM_IS_PRESENCE (self), NULL);

  if (self->others->len == 0)
    return NULL;
  text = g_string_new (NULL);
  for (guint i = 0; i < self->others->len; i++)
    {
      WmPresenceEntry *entry = g_ptr_array_index (self->others, i);

      if (i > 0)
        g_string_append (text, ", ");
      if (entry->host[0] != '\0')
        /* Translators: who has the project open: "Ana Lima (laptop-ana)" */
        g_string_append_printf (text, _("%s (%s)"), entry->name, entry->host);
      else
        g_string_append (text, entry->name);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
