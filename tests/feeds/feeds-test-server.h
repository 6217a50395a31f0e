/* feeds-test-server.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A SoupServer on loopback serving the shapes real backends answer with
 * and every fault a feed must survive (see feeds-test-server.c). */
typedef struct _FeedsTestServer FeedsTestServer;

FeedsTestServer *feeds_test_server_new        (void);
void             feeds_test_server_free       (FeedsTestServer *server);
/* "http://127.0.0.1:PORT" */
const char      *feeds_test_server_get_base   (FeedsTestServer *server);
/* base + @path, free with g_free(). */
char            *feeds_test_server_url        (FeedsTestServer *server,
                                               const char      *path);
/* Requests seen on @path so far, and the last request's headers. */
guint            feeds_test_server_get_hits   (FeedsTestServer *server,
                                               const char      *path);
const char      *feeds_test_server_get_last_header (FeedsTestServer *server,
                                               const char      *name);
/* A loopback URL nothing listens on. */
char            *feeds_test_refused_url       (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FeedsTestServer, feeds_test_server_free)

G_END_DECLS
