/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VIEW_H
#define VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "rows.h"
#include "sort.h"

enum group_by {
	GROUP_NONE,
	GROUP_MODULE,
	GROUP_FILE,
	GROUP_DIR,
	GROUP_N,
};

/* Tags rolled up by module, file or directory. */
struct group {
	char *name;
	size_t first;		/* into view->gtags */
	size_t n;
	struct tag sum;		/* the roll-up of each field (field.c) */
	bool expanded;
};

/* One line of the table: a tag, or a group heading. */
struct vline {
	struct tag *tag;
	struct group *group;
};

/* What the selection is, so it survives a refresh that frees the tags. */
struct selection {
	bool valid;
	bool is_group;
	char *group;
	struct tag key;		/* identity fields only, strings owned */
};

/*
 * What the table shows of a model: its tags through the userspace match
 * and the sort, optionally rolled up into groups, and the selection.  No
 * curses: the screen draws it, the tests drive it.
 */
struct view {
	const struct model *model;
	struct sort_key sort;
	char match[256];
	char search[256];
	enum group_by group;

	struct rows rows;
	struct tag **gtags;
	size_t gtags_cap;
	/* Each row's group, and the groups by a hash of their names. */
	uint32_t *gidx;
	uint32_t *gtable;
	size_t gtable_size;
	struct group *groups;
	size_t ngroups;
	size_t groups_cap;
	char **expanded;	/* names of the expanded groups */
	size_t nexpanded;
	struct vline *lines;
	size_t nlines;
	size_t lines_cap;
	size_t sel;
	size_t top;		/* first line on screen */
	/*
	 * Whether the selection follows its tag through a refresh ('F', off
	 * by default, as in htop); otherwise it keeps its place, so the top
	 * of the order stays in sight.  hold: the same while the detail pane
	 * shows the tag.
	 */
	bool follow;
	bool hold;
	/*
	 * Leave out the tags with no bytes, no calls and no change: most of
	 * a real kernel's.  zero_hidden counts them.
	 */
	bool hide_zero;
	size_t zero_hidden;
	size_t height;		/* lines on screen, 0: unknown */
	/* Lines in order from the first; those after are in no order. */
	size_t sorted;
	struct selection selkey;
	int module_width;	/* longest module name shown */
};

void view_init(struct view *v, const struct model *m);
void view_fini(struct view *v);
/*
 * Rebuild the lines from the model; the selection keeps its place, or,
 * when following, stays on its tag.
 */
void view_refresh(struct view *v);
/* Select the first line and show the top: after a new order or filter. */
void view_home(struct view *v);
/* Lines above and below the height lines on screen from v->top. */
void view_hidden(const struct view *v, size_t height, size_t *above,
		 size_t *below);
void view_move(struct view *v, long delta);
void view_move_to(struct view *v, size_t line);
struct tag *view_selected_tag(const struct view *v);
struct group *view_selected_group(const struct view *v);
/* how: 1 expand, 0 collapse, -1 toggle. */
void view_toggle_group(struct view *v, struct group *g, int how);
/* Collapse the group of the selected line and select its heading. */
void view_collapse_selected(struct view *v);
/* Select the next line from from on that matches the search. */
bool view_search(struct view *v, size_t from);
/* A new order or grouping starts at its top: that is what was asked for. */
void view_set_sort(struct view *v, struct sort_key key);
void view_set_group(struct view *v, enum group_by g);
/* The userspace match, applied at once; the view goes to its top. */
void view_set_match(struct view *v, const char *text);
const char *view_group_name(enum group_by g);

#endif
