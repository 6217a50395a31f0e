/* wm-trust.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-store.h"

G_BEGIN_DECLS

/* Which projects may fetch their feeds on this machine. A project that this
 * user created or imported here is trusted; one that arrived from someone
 * else opens with its feeds paused until the user trusts it. Remembered per
 * project uuid in g_get_user_data_dir()/waymark/trusted-projects (a key
 * file), never in the project file. */

gboolean   wm_trust_is_trusted         (WmStore      *store);
gboolean   wm_trust_is_uuid_trusted    (const char   *project_uuid);
/* Remembers (or forgets) @store's project; written atomically. Call it after
 * creating or importing a project, and when the user trusts one. */
gboolean   wm_trust_set_trusted        (WmStore      *store,
                                        gboolean      trusted,
                                        GError      **error);
gboolean   wm_trust_set_uuid_trusted   (const char   *project_uuid,
                                        gboolean      trusted,
                                        GError      **error);

/* The distinct hosts ("prometheus:9090", "api.example.com") the project's
 * feeds would contact, sorted, for the trust dialog. */
GStrv      wm_trust_list_hosts         (WmStore      *store,
                                        GError      **error);
/* Those of them reached over plain http:// to a non-loopback host. */
GStrv      wm_trust_list_insecure_hosts (WmStore     *store,
                                        GError      **error);

G_END_DECLS
