/* wm-persona-sheet.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-persona-sheet"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "wm-avatar.h"
#include "wm-persona.h"
#include "wm-persona-sheet.h"

/* The persona sheet: one printed page a team pins to the wall beside the
 * journey map. A colour band with the avatar and name, the quote, the bio,
 * then the lists in two balanced columns. The header has a fixed size; the
 * body is set smaller until it fits the page. */

#define FONT_FAMILY     "Cantarell, Noto Sans, DejaVu Sans, Sans"
#define MARGIN          42.0
#define BAND_HEIGHT     128.0
#define AVATAR_SIZE     112.0
#define GUTTER          26.0
#define FOOTER_HEIGHT   44.0
#define MAX_QUOTE_LINES 4
#define MAX_BIO_LINES   12

typedef struct
{
  double r, g, b;
} Rgb;

typedef struct
{
  char            *project;
  char            *name;
  char            *role;
  char            *meta;       /* segment · age range · location */
  char            *evidence;   /* translated label, or NULL */
  char            *quote;
  char            *bio;
  Rgb              color;
  cairo_surface_t *avatar;
  GPtrArray       *items[5];   /* text of each item kind, as char * */
  guint            hidden[5];  /* items left out to fit the page; the last line says so */
  GPtrArray       *channels;   /* names */
  GPtrArray       *journeys;   /* names */
} Sheet;

typedef struct
{
  const char *heading;
  GPtrArray  *lines;
  gboolean    chips;
} Section;

static const Rgb text_color = { 0x24 / 255.0, 0x1f / 255.0, 0x31 / 255.0 };
static const Rgb dim_color = { 0x5e / 255.0, 0x5c / 255.0, 0x64 / 255.0 };
static const Rgb white = { 1, 1, 1 };

/* Helpers: data */

static char *
single_line (const char *text)
{
  char *line = g_strstrip (g_strdup (text));

  g_strdelimit (line, "\r\n\t", ' ');

  return line;
}

static Rgb
parse_color (const char *spec)
{
  PangoColor color;

  if (!pango_color_parse (&color, spec))
    pango_color_parse (&color, wm_persona_palette ()[0]);

  return (Rgb) { color.red / 65535.0, color.green / 65535.0, color.blue / 65535.0 };
}

static Rgb
mix (Rgb    a,
     Rgb    b,
     double t)
{
  return (Rgb) { a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t };
}

static void
set_color (cairo_t *cr,
           Rgb      c)
{
  cairo_set_source_rgb (cr, c.r, c.g, c.b);
}

static void
sheet_free (Sheet *sheet)
{
  g_free (sheet->project);
  g_free (sheet->name);
  g_free (sheet->role);
  g_free (sheet->meta);
  g_free (sheet->evidence);
  g_free (sheet->quote);
  g_free (sheet->bio);
  g_clear_pointer (&sheet->avatar, cairo_surface_destroy);
  for (guint i = 0; i < G_N_ELEMENTS (sheet->items); i++)
    g_clear_pointer (&sheet->items[i], g_ptr_array_unref);
  g_clear_pointer (&sheet->channels, g_ptr_array_unref);
  g_clear_pointer (&sheet->journeys, g_ptr_array_unref);
  g_free (sheet);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sheet, sheet_free)

static GPtrArray *
labels_of (GPtrArray *records)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (labels, single_line (wm_record_get_label (g_ptr_array_index (records, i))));

  return labels;
}

static char *
join_meta (WmRecord *persona)
{
  const char *parts[] = {
    wm_record_get_string (persona, WM_PERSONA_SEGMENT),
    wm_record_get_string (persona, WM_PERSONA_AGE_RANGE),
    wm_record_get_string (persona, WM_PERSONA_LOCATION),
  };
  g_autoptr(GString) meta = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *part = single_line (parts[i]);

      if (*part == '\0')
        continue;
      if (meta->len > 0)
        /* Translators: separates a persona's segment, age range and location */
        g_string_append (meta, _(" · "));
      g_string_append (meta, part);
    }

  return g_string_free (g_steal_pointer (&meta), FALSE);
}

static Sheet *
sheet_load (WmStore  *store,
            gint64    persona_id,
            gboolean  with_avatar,
            GError  **error)
{
  g_autoptr(Sheet) sheet = g_new0 (Sheet, 1);
  g_autoptr(WmRecord) persona = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) channels = NULL;
  g_autoptr(GPtrArray) journeys = NULL;
  const WmPersonaItemKind *kinds;
  GBytes *avatar;
  guint n_kinds;

  persona = wm_store_get (store, WM_ENTITY_PERSONA, persona_id, error);
  if (persona == NULL)
    return NULL;
  items = wm_store_list (store, WM_ENTITY_PERSONA_ITEM, WM_PERSONA_ITEM_PERSONA_ID, persona_id,
                         error);
  if (items == NULL)
    return NULL;
  channels = wm_persona_list_channels (store, persona_id, error);
  if (channels == NULL)
    return NULL;
  journeys = wm_persona_list_journeys (store, persona_id, error);
  if (journeys == NULL)
    return NULL;

  sheet->project = single_line (wm_store_get_name (store));
  sheet->name = single_line (wm_record_get_string (persona, WM_PERSONA_NAME));
  sheet->role = single_line (wm_record_get_string (persona, WM_PERSONA_ROLE));
  sheet->meta = join_meta (persona);
  sheet->evidence = g_strdup (wm_column_choice_label (WM_PERSONA_EVIDENCE,
                                                      wm_record_get_string (persona,
                                                                            WM_PERSONA_EVIDENCE)));
  sheet->quote = g_strstrip (g_strdup (wm_record_get_string (persona, WM_PERSONA_QUOTE)));
  sheet->bio = g_strstrip (g_strdup (wm_record_get_string (persona, WM_PERSONA_DESCRIPTION)));
  sheet->color = parse_color (wm_persona_get_color (persona));
  sheet->channels = labels_of (channels);
  sheet->journeys = labels_of (journeys);

  /* A broken avatar is not worth failing the sheet for: initials stand in. */
  avatar = wm_record_get_bytes (persona, WM_PERSONA_AVATAR);
  if (with_avatar && avatar != NULL && g_bytes_get_size (avatar) > 0)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GdkPixbuf) pixbuf = wm_avatar_decode (avatar, &local_error);

      if (pixbuf != NULL)
        sheet->avatar = wm_avatar_pixbuf_to_surface (pixbuf);
      else
        g_debug ("Persona %" G_GINT64_FORMAT ": avatar not drawn: %s",
                 persona_id, local_error->message);
    }

  kinds = wm_persona_item_kinds (&n_kinds);
  g_assert (n_kinds == G_N_ELEMENTS (sheet->items));
  for (guint k = 0; k < n_kinds; k++)
    {
      sheet->items[k] = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < items->len; i++)
        {
          WmRecord *item = g_ptr_array_index (items, i);
          char *text;

          if (g_strcmp0 (wm_record_get_string (item, WM_PERSONA_ITEM_KIND), kinds[k].kind) != 0)
            continue;
          /* One added and left blank is no bullet. */
          text = g_strstrip (g_strdup (wm_record_get_string (item, WM_PERSONA_ITEM_TEXT)));
          if (*text == '\0')
            g_free (text);
          else
            g_ptr_array_add (sheet->items[k], text);
        }
    }

  return g_steal_pointer (&sheet);
}

/* Helpers: drawing */

static PangoLayout *
text_layout (cairo_t    *cr,
             const char *text,
             double      size,
             PangoWeight weight,
             PangoStyle  style,
             double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoContext *context = pango_layout_get_context (layout);
  PangoFontDescription *font = pango_font_description_from_string (FONT_FAMILY);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* The same line breaks on paper, on screen and in a PNG at any scale. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  pango_context_set_round_glyph_positions (context, FALSE);
  cairo_font_options_destroy (options);
  pango_layout_context_changed (layout);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  pango_font_description_set_style (font, style);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);

  return (double) height / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_size (layout, &width, NULL);

  return (double) width / PANGO_SCALE;
}

static void
show_layout (cairo_t     *cr,
             PangoLayout *layout,
             double       x,
             double       y,
             Rgb          color)
{
  cairo_move_to (cr, x, y);
  set_color (cr, color);
  pango_cairo_show_layout (cr, layout);
  /* Leave no current point for the next path to start from. */
  cairo_new_path (cr);
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   width,
                   double   height,
                   double   radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_avatar (Sheet   *sheet,
             cairo_t *cr,
             double   x,
             double   y,
             double   size)
{
  double cx = x + size / 2, cy = y + size / 2;

  /* A white ring sets the picture off the colour band. */
  cairo_arc (cr, cx, cy, size / 2 + 4, 0, 2 * G_PI);
  set_color (cr, white);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_arc (cr, cx, cy, size / 2, 0, 2 * G_PI);
  cairo_clip (cr);
  if (sheet->avatar != NULL)
    {
      int width = cairo_image_surface_get_width (sheet->avatar);
      int height = cairo_image_surface_get_height (sheet->avatar);
      double scale = size / MIN (width, height);

      /* Cover the circle, centred: portraits lose a little top and bottom. */
      cairo_translate (cr, cx - width * scale / 2, cy - height * scale / 2);
      cairo_scale (cr, scale, scale);
      cairo_set_source_surface (cr, sheet->avatar, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_paint (cr);
    }
  else
    {
      g_autofree char *initials = wm_avatar_initials (sheet->name);
      g_autoptr(PangoLayout) layout = NULL;

      set_color (cr, mix (sheet->color, text_color, 0.25));
      cairo_paint (cr);
      layout = text_layout (cr, initials, size * 0.38, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 0);
      show_layout (cr, layout, cx - layout_width (layout) / 2, cy - layout_height (layout) / 2,
                   white);
    }
  cairo_restore (cr);
}

/* The band, avatar, name, role, facts and evidence; returns where the body starts. */
static double
draw_header (Sheet   *sheet,
             cairo_t *cr,
             double   page_width)
{
  g_autoptr(PangoLayout) kicker = NULL;
  g_autoptr(PangoLayout) name = NULL;
  g_autoptr(PangoLayout) role = NULL;
  double text_x = MARGIN + AVATAR_SIZE + 24;
  double text_width = page_width - text_x - MARGIN;
  double avatar_y = BAND_HEIGHT - AVATAR_SIZE / 2 - 8;
  double y = BAND_HEIGHT + 10;

  cairo_rectangle (cr, 0, 0, page_width, BAND_HEIGHT);
  set_color (cr, sheet->color);
  cairo_fill (cr);

  kicker = text_layout (cr, _("PERSONA"), 8.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 0);
  {
    PangoAttrList *attrs = pango_attr_list_new ();

    pango_attr_list_insert (attrs, pango_attr_letter_spacing_new (2 * PANGO_SCALE));
    pango_layout_set_attributes (kicker, attrs);
    pango_attr_list_unref (attrs);
  }
  cairo_save (cr);
  show_layout (cr, kicker, text_x, 26, white);
  cairo_restore (cr);

  name = text_layout (cr, *sheet->name ? sheet->name : _("Unnamed persona"), 26,
                      PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, text_width);
  pango_layout_set_ellipsize (name, PANGO_ELLIPSIZE_END);
  show_layout (cr, name, text_x, 42, white);

  if (*sheet->role)
    {
      role = text_layout (cr, sheet->role, 13, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL,
                          text_width);
      pango_layout_set_ellipsize (role, PANGO_ELLIPSIZE_END);
      show_layout (cr, role, text_x, 42 + layout_height (name) + 2,
                   mix (white, sheet->color, 0.12));
    }

  draw_avatar (sheet, cr, MARGIN, avatar_y, AVATAR_SIZE);

  if (*sheet->meta)
    {
      g_autoptr(PangoLayout) meta = text_layout (cr, sheet->meta, 10.5, PANGO_WEIGHT_NORMAL,
                                                 PANGO_STYLE_NORMAL, text_width);

      pango_layout_set_ellipsize (meta, PANGO_ELLIPSIZE_END);
      show_layout (cr, meta, text_x, y, dim_color);
      y += layout_height (meta) + 6;
    }

  if (sheet->evidence != NULL)
    {
      g_autoptr(PangoLayout) badge = text_layout (cr, sheet->evidence, 8.5, PANGO_WEIGHT_BOLD,
                                                  PANGO_STYLE_NORMAL, 0);
      double w = layout_width (badge) + 14, h = layout_height (badge) + 5;

      rounded_rectangle (cr, text_x, y, w, h, h / 2);
      set_color (cr, mix (sheet->color, white, 0.85));
      cairo_fill (cr);
      show_layout (cr, badge, text_x + 7, y + 2.5, mix (sheet->color, text_color, 0.35));
    }

  return avatar_y + AVATAR_SIZE + 26;
}

static void
draw_footer (Sheet   *sheet,
             cairo_t *cr,
             double   page_width,
             double   page_height)
{
  g_autoptr(PangoLayout) left = NULL;
  g_autoptr(PangoLayout) right = NULL;
  double y = page_height - FOOTER_HEIGHT + 14;

  cairo_move_to (cr, MARGIN, y - 8);
  cairo_line_to (cr, page_width - MARGIN, y - 8);
  set_color (cr, mix (dim_color, white, 0.7));
  cairo_set_line_width (cr, 0.5);
  cairo_stroke (cr);

  left = text_layout (cr, sheet->project, 8, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL,
                      (page_width - 2 * MARGIN) / 2);
  pango_layout_set_ellipsize (left, PANGO_ELLIPSIZE_END);
  show_layout (cr, left, MARGIN, y, dim_color);

  right = text_layout (cr, _("Persona sheet · Waymark"), 8, PANGO_WEIGHT_NORMAL,
                       PANGO_STYLE_NORMAL, 0);
  show_layout (cr, right, page_width - MARGIN - layout_width (right), y, dim_color);
}

/* One section of the columns; returns its height. Draws only when @draw. */
static double
section (Sheet         *sheet,
         cairo_t       *cr,
         const Section *sec,
         double         x,
         double         y,
         double         width,
         double         scale,
         gboolean       draw)
{
  g_autofree char *upper = g_utf8_strup (sec->heading, -1);
  g_autoptr(PangoLayout) heading = NULL;
  PangoAttrList *attrs = pango_attr_list_new ();
  double top = y;

  heading = text_layout (cr, upper, 8.5 * scale, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, width);
  pango_attr_list_insert (attrs, pango_attr_letter_spacing_new ((int) (1.2 * PANGO_SCALE)));
  pango_layout_set_attributes (heading, attrs);
  pango_attr_list_unref (attrs);
  if (draw)
    show_layout (cr, heading, x, y, mix (sheet->color, text_color, 0.3));
  y += layout_height (heading) + 3 * scale;

  if (draw)
    {
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + width, y);
      set_color (cr, mix (sheet->color, white, 0.6));
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }
  y += 7 * scale;

  if (sec->chips)
    {
      double cx = x, line_height = 0;

      for (guint i = 0; i < sec->lines->len; i++)
        {
          g_autoptr(PangoLayout) chip = text_layout (cr, g_ptr_array_index (sec->lines, i),
                                                     9 * scale, PANGO_WEIGHT_NORMAL,
                                                     PANGO_STYLE_NORMAL, 0);
          double w = MIN (layout_width (chip) + 16 * scale, width);
          double h = layout_height (chip) + 6 * scale;

          pango_layout_set_width (chip, (int) ((w - 16 * scale) * PANGO_SCALE));
          pango_layout_set_ellipsize (chip, PANGO_ELLIPSIZE_END);
          if (cx > x && cx + w > x + width)
            {
              cx = x;
              y += line_height + 5 * scale;
            }
          if (draw)
            {
              rounded_rectangle (cr, cx, y, w, h, h / 2);
              set_color (cr, mix (sheet->color, white, 0.86));
              cairo_fill (cr);
              show_layout (cr, chip, cx + 8 * scale, y + 3 * scale,
                           mix (sheet->color, text_color, 0.45));
            }
          cx += w + 5 * scale;
          line_height = h;
        }
      y += line_height;
    }
  else
    {
      for (guint i = 0; i < sec->lines->len; i++)
        {
          g_autoptr(PangoLayout) line = text_layout (cr, g_ptr_array_index (sec->lines, i),
                                                     10 * scale, PANGO_WEIGHT_NORMAL,
                                                     PANGO_STYLE_NORMAL, width - 13 * scale);
          PangoLayoutIter *iter;
          double baseline;

          pango_layout_set_line_spacing (line, 1.15);
          iter = pango_layout_get_iter (line);
          baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
          pango_layout_iter_free (iter);
          if (draw)
            {
              cairo_arc (cr, x + 3 * scale, y + baseline - 3.4 * scale, 2.2 * scale, 0, 2 * G_PI);
              set_color (cr, sheet->color);
              cairo_fill (cr);
              show_layout (cr, line, x + 13 * scale, y, text_color);
            }
          y += layout_height (line) + 5 * scale;
        }
    }

  return y - top;
}

/* The quote, the bio and the columns from @top; returns the height used. */
static double
draw_body (Sheet   *sheet,
           cairo_t *cr,
           double   x,
           double   top,
           double   width,
           double   scale,
           gboolean draw)
{
  const WmPersonaItemKind *kinds;
  Section sections[8];
  guint n_sections = 0, n_kinds;
  double y = top;
  double column_width = (width - GUTTER) / 2;
  double heights[2] = { 0, 0 };

  if (*sheet->quote)
    {
      /* Translators: a persona's quote on the sheet; %s is the quote */
      g_autofree char *quoted = g_strdup_printf (_("“%s”"), sheet->quote);
      g_autoptr(PangoLayout) quote = text_layout (cr, quoted, 15 * scale, PANGO_WEIGHT_NORMAL,
                                                  PANGO_STYLE_ITALIC, width - 20);

      pango_layout_set_line_spacing (quote, 1.2);
      /* A sheet quotes a sentence, not a transcript. */
      pango_layout_set_height (quote, -MAX_QUOTE_LINES);
      pango_layout_set_ellipsize (quote, PANGO_ELLIPSIZE_END);
      if (draw)
        {
          rounded_rectangle (cr, x, y, 3.5, layout_height (quote), 1.75);
          set_color (cr, sheet->color);
          cairo_fill (cr);
          show_layout (cr, quote, x + 18, y, text_color);
        }
      y += layout_height (quote) + 18 * scale;
    }

  if (*sheet->bio)
    {
      g_autoptr(PangoLayout) bio = text_layout (cr, sheet->bio, 10.5 * scale, PANGO_WEIGHT_NORMAL,
                                                PANGO_STYLE_NORMAL, width);

      pango_layout_set_line_spacing (bio, 1.3);
      pango_layout_set_height (bio, -MAX_BIO_LINES);
      pango_layout_set_ellipsize (bio, PANGO_ELLIPSIZE_END);
      if (draw)
        show_layout (cr, bio, x, y, text_color);
      y += layout_height (bio) + 22 * scale;
    }

  kinds = wm_persona_item_kinds (&n_kinds);
  for (guint k = 0; k < n_kinds; k++)
    {
      if (sheet->items[k]->len > 0)
        sections[n_sections++] = (Section) { _(kinds[k].heading), sheet->items[k], FALSE };
    }
  if (sheet->channels->len > 0)
    sections[n_sections++] = (Section) { _("Preferred channels"), sheet->channels, TRUE };
  if (sheet->journeys->len > 0)
    sections[n_sections++] = (Section) { _("Journeys"), sheet->journeys, FALSE };

  /* Each section goes to the shorter column, so the two end close together. */
  for (guint i = 0; i < n_sections; i++)
    {
      guint column = heights[1] < heights[0] ? 1 : 0;
      double cx = x + column * (column_width + GUTTER);

      heights[column] += section (sheet, cr, &sections[i], cx, y + heights[column],
                                  column_width, scale, draw);
      heights[column] += 16 * scale;
    }

  return y + MAX (heights[0], heights[1]) - top;
}

/* Leaves one more item out of the longest list, ending it with a line that
 * says how many are left out; FALSE when no list can be shortened. */
static gboolean
shorten_longest_list (Sheet *sheet)
{
  GPtrArray *longest = NULL;
  guint k_longest = 0;

  for (guint k = 0; k < G_N_ELEMENTS (sheet->items); k++)
    {
      /* A list keeps at least one item beside its "more" line. */
      guint shown = sheet->items[k]->len - (sheet->hidden[k] ? 1 : 0);

      if (shown > 1 && (longest == NULL || sheet->items[k]->len > longest->len))
        {
          longest = sheet->items[k];
          k_longest = k;
        }
    }
  if (longest == NULL)
    return FALSE;

  if (sheet->hidden[k_longest] > 0)
    g_ptr_array_remove_index (longest, longest->len - 1);
  g_ptr_array_remove_index (longest, longest->len - 1);
  sheet->hidden[k_longest]++;
  g_ptr_array_add (longest,
                   /* Translators: the last line of a list on a persona sheet that is too
                    * long for the page; %u is how many items are left out */
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %u more",
                                                 "… and %u more", sheet->hidden[k_longest]),
                                    sheet->hidden[k_longest]));

  return TRUE;
}

static cairo_status_t
append_to_array_cb (void                *closure,
                    const unsigned char *data,
                    unsigned int         length)
{
  g_byte_array_append (closure, data, length);

  return CAIRO_STATUS_SUCCESS;
}

/* Helpers: Markdown */

/* Backslash-escapes what Markdown would read as markup (CommonMark allows
 * a backslash before any ASCII punctuation). */
static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p; p++)
    {
      if (strchr ("\\`*_{}[]<>#|~!", *p) != NULL)
        g_string_append_c (out, '\\');
      if (*p == '\r')
        continue;
      g_string_append_c (out, *p);
    }
}

static void
append_escaped_line (GString    *out,
                     const char *text)
{
  g_autofree char *line = single_line (text);

  /* A line that starts like a list or heading must stay text. */
  if (line[0] == '-' || line[0] == '+' || line[0] == '=')
    g_string_append_c (out, '\\');
  append_escaped (out, line);
}

static void
append_markdown_persona (GString *out,
                         Sheet   *sheet)
{
  const WmPersonaItemKind *kinds = NULL;
  guint n_kinds;

  g_string_append (out, "## ");
  append_escaped_line (out, *sheet->name ? sheet->name : _("Unnamed persona"));
  g_string_append (out, "\n\n");

  if (*sheet->role || *sheet->meta || sheet->evidence)
    {
      gboolean first = TRUE;

      if (*sheet->role)
        {
          g_string_append (out, "**");
          append_escaped_line (out, sheet->role);
          g_string_append (out, "**");
          first = FALSE;
        }
      if (*sheet->meta)
        {
          g_string_append (out, first ? "" : _(" · "));
          append_escaped_line (out, sheet->meta);
          first = FALSE;
        }
      if (sheet->evidence)
        {
          g_string_append (out, first ? "" : _(" · "));
          g_string_append_printf (out, "*%s*", sheet->evidence);
        }
      g_string_append (out, "\n\n");
    }

  if (*sheet->quote)
    {
      g_auto(GStrv) lines = g_strsplit (sheet->quote, "\n", -1);

      for (guint i = 0; lines[i]; i++)
        {
          g_string_append (out, "> ");
          append_escaped_line (out, lines[i]);
          g_string_append_c (out, '\n');
        }
      g_string_append_c (out, '\n');
    }

  if (*sheet->bio)
    {
      g_auto(GStrv) lines = g_strsplit (sheet->bio, "\n", -1);

      for (guint i = 0; lines[i]; i++)
        {
          append_escaped_line (out, lines[i]);
          g_string_append_c (out, '\n');
        }
      g_string_append_c (out, '\n');
    }

  kinds = wm_persona_item_kinds (&n_kinds);
  for (guint k = 0; k < n_kinds; k++)
    {
      if (sheet->items[k]->len == 0)
        continue;
      g_string_append_printf (out, "### %s\n\n", _(kinds[k].heading));
      for (guint i = 0; i < sheet->items[k]->len; i++)
        {
          g_string_append (out, "- ");
          append_escaped_line (out, g_ptr_array_index (sheet->items[k], i));
          g_string_append_c (out, '\n');
        }
      g_string_append_c (out, '\n');
    }

  if (sheet->channels->len > 0)
    {
      g_string_append_printf (out, "**%s:** ", _("Preferred channels"));
      for (guint i = 0; i < sheet->channels->len; i++)
        {
          if (i > 0)
            /* Translators: separates the items of a list, e.g. channel names */
            g_string_append (out, _(", "));
          append_escaped (out, g_ptr_array_index (sheet->channels, i));
        }
      g_string_append (out, "\n\n");
    }

  if (sheet->journeys->len > 0)
    {
      g_string_append_printf (out, "**%s:** ", _("Journeys"));
      for (guint i = 0; i < sheet->journeys->len; i++)
        {
          if (i > 0)
            g_string_append (out, _(", "));
          append_escaped (out, g_ptr_array_index (sheet->journeys, i));
        }
      g_string_append (out, "\n\n");
    }
}

/* Helpers: pages */

static void
draw_page (Sheet   *sheet,
           WmPaper  paper,
           cairo_t *cr)
{
  static const double scales[] = { 1.15, 1.08, 1.0, 0.93, 0.86, 0.8, 0.74, 0.68, 0.62, 0.56 };
  double width, height, top, bottom, scale = scales[G_N_ELEMENTS (scales) - 1];

  wm_paper_get_size (paper, &width, &height);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  set_color (cr, white);
  cairo_paint (cr);

  top = draw_header (sheet, cr, width);
  bottom = height - FOOTER_HEIGHT - 8;
  for (guint i = 0; i < G_N_ELEMENTS (scales); i++)
    {
      if (top + draw_body (sheet, cr, MARGIN, top, width - 2 * MARGIN, scales[i], FALSE) <= bottom)
        {
          scale = scales[i];
          break;
        }
    }
  /* Still too long at the smallest size: the longest lists say what they leave out. */
  while (top + draw_body (sheet, cr, MARGIN, top, width - 2 * MARGIN, scale, FALSE) > bottom
         && shorten_longest_list (sheet))
    ;

  cairo_save (cr);
  cairo_rectangle (cr, 0, top - 4, width, bottom - top + 4);
  cairo_clip (cr);
  draw_body (sheet, cr, MARGIN, top, width - 2 * MARGIN, scale, TRUE);
  cairo_restore (cr);

  draw_footer (sheet, cr, width, height);
  cairo_restore (cr);
}

/* Draws @sheet into a PDF or PNG; runs in any thread (the sheet is plain data). */
static GBytes *
render_page (Sheet          *sheet,
             WmSheetFormat   format,
             WmPaper         paper,
             GError        **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double width, height;

  wm_paper_get_size (paper, &width, &height);
  if (format == WM_SHEET_FORMAT_PDF)
    {
      surface = cairo_pdf_surface_create_for_stream (append_to_array_cb, data, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, sheet->name);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Waymark");
      cr = cairo_create (surface);
    }
  else
    {
      double dpi_scale = WM_PERSONA_SHEET_PNG_DPI / 72.0;

      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) ceil (width * dpi_scale),
                                            (int) ceil (height * dpi_scale));
      cr = cairo_create (surface);
      cairo_scale (cr, dpi_scale, dpi_scale);
    }

  draw_page (sheet, paper, cr);
  cairo_show_page (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (format == WM_SHEET_FORMAT_PNG && status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, append_to_array_cb, data);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The persona sheet could not be drawn: %s"), cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/* Public API */

void
wm_paper_get_size (WmPaper  paper,
                   double  *width,
                   double  *height)
{
  /* ISO 216 A4 is 210 × 297 mm; US Letter 8.5 × 11 in. */
  if (paper == WM_PAPER_LETTER)
    {
      *width = 612;
      *height = 792;
    }
  else
    {
      *width = 210 / 25.4 * 72;
      *height = 297 / 25.4 * 72;
    }
}

gboolean
wm_paper_from_string (const char *text,
                      WmPaper    *paper)
{
  if (g_ascii_strcasecmp (text, "a4") == 0)
    *paper = WM_PAPER_A4;
  else if (g_ascii_strcasecmp (text, "letter") == 0)
    *paper = WM_PAPER_LETTER;
  else
    return FALSE;

  return TRUE;
}

WmPaper
wm_paper_for_locale (const char *locale_name)
{
  static const char *const letter_regions[] = { "_US", "_CA", "_PH", "_MX", "_CL", "_CO", NULL };

  if (locale_name == NULL)
    {
#ifdef LC_PAPER
      locale_name = setlocale (LC_PAPER, NULL);
#else
      locale_name = setlocale (LC_ALL, NULL);
#endif
    }
  if (locale_name == NULL)
    return WM_PAPER_A4;

  for (guint i = 0; letter_regions[i]; i++)
    {
      if (strstr (locale_name, letter_regions[i]) != NULL)
        return WM_PAPER_LETTER;
    }

  return WM_PAPER_A4;
}

gboolean
wm_persona_sheet_draw (WmStore  *store,
                       gint64    persona_id,
                       WmPaper   paper,
                       cairo_t  *cr,
                       GError  **error)
{
  g_autoptr(Sheet) sheet = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);

  sheet = sheet_load (store, persona_id, TRUE, error);
  if (sheet == NULL)
    return FALSE;

  draw_page (sheet, paper, cr);

  return TRUE;
}

GBytes *
wm_persona_sheet_render (WmStore        *store,
                         gint64          persona_id,
                         WmSheetFormat   format,
                         WmPaper         paper,
                         GError        **error)
{
  g_autoptr(Sheet) sheet = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  sheet = sheet_load (store, persona_id, TRUE, error);
  if (sheet == NULL)
    return NULL;

  return render_page (sheet, format, paper, error);
}

gboolean
wm_persona_sheet_export (WmStore        *store,
                         gint64          persona_id,
                         WmSheetFormat   format,
                         WmPaper         paper,
                         GFile          *file,
                         GError        **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  bytes = wm_persona_sheet_render (store, persona_id, format, paper, error);
  if (bytes == NULL)
    return FALSE;

  /* Written beside the target and renamed over it: never half a file. */
  return g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, error);
}

typedef struct
{
  Sheet         *sheet;
  WmSheetFormat  format;
  WmPaper        paper;
  GFile         *file;
} ExportData;

static void
export_data_free (ExportData *data)
{
  sheet_free (data->sheet);
  g_object_unref (data->file);
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = render_page (data->sheet, data->format, data->paper, &error);
  /* Pango keeps a font map per thread; this one belongs to a pool thread
   * that may live on idle, so it is dropped with its font caches before
   * the caller hears that the work is done. */
  pango_cairo_font_map_set_default (NULL);

  if (bytes == NULL
      || !g_file_replace_contents (data->file, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), NULL, FALSE, G_FILE_CREATE_NONE,
                                   NULL, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
wm_persona_sheet_export_async (WmStore             *store,
                               gint64               persona_id,
                               WmSheetFormat        format,
                               WmPaper              paper,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  ExportData *data;
  Sheet *sheet;

  g_return_if_fail (WM_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, wm_persona_sheet_export_async);

  /* The project is read here, on the store's thread; drawing, encoding and
   * writing need only the copy. */
  sheet = sheet_load (store, persona_id, TRUE, &error);
  if (sheet == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (ExportData, 1);
  data->sheet = sheet;
  data->format = format;
  data->paper = paper;
  data->file = g_object_ref (file);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
wm_persona_sheet_export_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wm_persona_sheet_export_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
wm_persona_markdown (WmStore  *store,
                     GError  **error)
{
  g_autoptr(GPtrArray) personas = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  personas = wm_store_list (store, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, error);
  if (personas == NULL)
    return NULL;

  g_string_append (out, "# ");
  if (*wm_store_get_name (store))
    {
      /* Translators: the title of the Markdown export; %s is the project's name */
      g_autofree char *title = g_strdup_printf (_("Personas of %s"), wm_store_get_name (store));

      append_escaped_line (out, title);
    }
  else
    g_string_append (out, _("Personas"));
  g_string_append (out, "\n\n");

  for (guint i = 0; i < personas->len; i++)
    {
      gint64 id = wm_record_get_id (g_ptr_array_index (personas, i));
      g_autoptr(Sheet) sheet = sheet_load (store, id, FALSE, error);

      if (sheet == NULL)
        return NULL;
      append_markdown_persona (out, sheet);
    }

  /* One newline at the end, as tools expect. */
  while (out->len > 1 && out->str[out->len - 1] == '\n' && out->str[out->len - 2] == '\n')
    g_string_truncate (out, out->len - 1);

  return g_string_free (g_steal_pointer (&out), FALSE);
}
