/* Compiles: the twin of column-misspelt.c, so that a failure there is the
 * misspelling and not the test's set-up. */
#include "wm-record.h"

const char *title (WmRecord *touchpoint);

const char *
title (WmRecord *touchpoint)
{
  return wm_record_get_string (touchpoint, WM_TOUCHPOINT_TITLE);
}
