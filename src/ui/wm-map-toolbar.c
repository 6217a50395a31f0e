/* wm-map-toolbar.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "wm-map-toolbar.h"

#define SPACING 6

struct _WmMapToolbar
{
  GtkWidget  parent_instance;

  GtkWidget *stretch;   /* takes the width left over */
  GtkWidget *full;      /* shown only while everything fits at its natural width */
  GtkWidget *compact;   /* shown otherwise */
};

G_DEFINE_FINAL_TYPE (WmMapToolbar, wm_map_toolbar, GTK_TYPE_WIDGET)

/* Whether @child takes part in a layout of the full alternative (@full)
 * or of the compact one. */
static gboolean
takes_part (WmMapToolbar *self,
            GtkWidget    *child,
            gboolean      full)
{
  if (!gtk_widget_get_visible (child))
    return FALSE;
  if (child == self->full)
    return full;
  if (child == self->compact)
    return !full;
  return TRUE;
}

/* The width of the row with the full or the compact alternative, every
 * child at its minimum or natural width. */
static int
row_width (WmMapToolbar *self,
           gboolean      full,
           gboolean      natural)
{
  int width = 0;
  int n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int minimum, nat;

      if (!takes_part (self, child, full))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &nat, NULL, NULL);
      width += natural ? nat : minimum;
      n++;
    }

  return width + MAX (n - 1, 0) * SPACING;
}

static void
wm_map_toolbar_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  WmMapToolbar *self = WM_MAP_TOOLBAR (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* At least the compact row, and naturally that row whole: asking for
       * the full one would make a window of the usual width fold its list
       * away for the labels' sake. They show when there is room anyway. */
      *minimum = row_width (self, self->full == NULL, FALSE);
      *natural = MAX (*minimum, row_width (self, self->full == NULL, TRUE));
      return;
    }

  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_get_visible (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, &child_min, &child_nat, NULL,
                          NULL);
      *minimum = MAX (*minimum, child_min);
      *natural = MAX (*natural, child_nat);
    }
}

static void
wm_map_toolbar_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  WmMapToolbar *self = WM_MAP_TOOLBAR (widget);
  gboolean full = self->full == NULL || width >= row_width (self, TRUE, TRUE);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int stretch_min = 0, stretch_natural = 0, others, x = 0;
  gboolean at_minimum;

  /* Hidden as a stack hides its pages: a child not shown needs no
   * allocation, and deciding here changes nothing that was measured. */
  if (self->full != NULL)
    gtk_widget_set_child_visible (self->full, full);
  if (self->compact != NULL)
    gtk_widget_set_child_visible (self->compact, !full);

  /* The others' natural widths and the spacing: the row's, less the name's. */
  if (self->stretch != NULL && takes_part (self, self->stretch, full))
    gtk_widget_measure (self->stretch, GTK_ORIENTATION_HORIZONTAL, -1, &stretch_min,
                        &stretch_natural, NULL, NULL);
  others = row_width (self, full, TRUE) - stretch_natural;
  /* Narrower than the others' natural widths: they get their minimum. */
  at_minimum = width - others < stretch_min;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int minimum, natural, child_width;

      if (!takes_part (self, child, full))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
      if (child == self->stretch)
        child_width = MAX (stretch_min, width - others);
      else
        child_width = at_minimum ? minimum : natural;
      /* Right to left, the row starts at the right end, as a box's does. */
      gtk_widget_size_allocate (child,
                                &(GtkAllocation) { rtl ? width - x - child_width : x, 0,
                                                   child_width, height },
                                -1);
      x += child_width + SPACING;
    }
}

static void
wm_map_toolbar_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (wm_map_toolbar_parent_class)->dispose (object);
}

static void
wm_map_toolbar_class_init (WmMapToolbarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_map_toolbar_dispose;
  widget_class->measure = wm_map_toolbar_measure;
  widget_class->size_allocate = wm_map_toolbar_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "box");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TOOLBAR);
}

static void
wm_map_toolbar_init (WmMapToolbar *self)
{
}

GtkWidget *
wm_map_toolbar_new (void)
{
  return g_object_new (WM_TYPE_MAP_TOOLBAR, NULL);
}

void
wm_map_toolbar_set_stretch (WmMapToolbar *self,
                            GtkWidget    *child)
{
  g_return_if_fail (WM_IS_MAP_TOOLBAR (self));
  g_return_if_fail (gtk_widget_get_parent (child) == GTK_WIDGET (self));

  self->stretch = child;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
wm_map_toolbar_set_alternatives (WmMapToolbar *self,
                                 GtkWidget    *full,
                                 GtkWidget    *compact)
{
  g_return_if_fail (WM_IS_MAP_TOOLBAR (self));
  g_return_if_fail (gtk_widget_get_parent (full) == GTK_WIDGET (self));
  g_return_if_fail (gtk_widget_get_parent (compact) == GTK_WIDGET (self));

  self->full = full;
  self->compact = compact;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}
