/*
 * roadmap: the plan a month is measured against, loaded from an input
 * folder (agencies.csv and roadmap/{tasks,milestones,indicators}.csv) and
 * validated with the schemas in the templates folder.
 *
 * Besides each file's schema, the roadmap's own rules: a due date not
 * before the start, the pillar in the task id, supporting agencies that
 * exist, a lead agency in existence on the start date, milestones inside
 * the task's span and rising, successors that exist.
 */
#ifndef TIENDO_ROADMAP_H
#define TIENDO_ROADMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "validate.h"

#define DATE_OPEN INT32_MAX   /* valid_to of an agency still in existence */

struct agency {
	const char *code;
	const char *name_vi, *name_en;
	int32_t valid_from, valid_to; /* day numbers; valid_to may be DATE_OPEN */
	const char *successor;        /* code, or NULL */
};

struct milestone {
	int32_t date;
	double percent;
};

struct task {                   /* what a row's check reads comes first */
	const char *id;
	uint64_t involved;            /* bit i: agencies[i] leads, supports or
					 succeeds one who does (masks) */
	int32_t start, due;
	const char *lead;
	const char *pillar;           /* POL ECO DEF CUL SCI INS LOC */
	const char *title_vi, *title_en;
	const char **support;         /* agency codes */
	size_t nsupport;
	double weight;
	const char *source_document;  /* or NULL */
	struct milestone *milestones; /* in date order */
	size_t nmilestones;
};

struct indicator {
	const char *id;
	const char *pillar;
	const char *name_vi, *name_en, *unit;
	const char *unit_en;          /* or NULL: the unit in English */
	const char *owner;
	int32_t baseline_date, target_date;
	double baseline, target;
};

struct roadmap {
	struct agency *agencies;
	size_t nagencies;
	struct task *tasks;
	size_t ntasks;
	struct indicator *indicators;
	size_t nindicators;
	/* private: */
	struct strmap *strings, *agency_idx, *task_idx, *indicator_idx;
	bool masks;              /* tasks' involved bits are set: <= 64 agencies */
	unsigned long serial;    /* names it to roadmap.c's lookup memo */
	char *paths[4];
};

/**
 * Load the roadmap under input_dir with the schemas in templates_dir.
 * Problems go to sink. Returns NULL when a file is missing (*missing set)
 * or anything is wrong with it (a broken roadmap: exit 78). The caller
 * frees with roadmap_free().
 */
struct roadmap *roadmap_load(const char *input_dir, const char *templates_dir,
			     const struct diag_sink *sink, bool *missing);

const struct agency *roadmap_agency(const struct roadmap *rm, const char *code);
const struct task *roadmap_task(const struct roadmap *rm, const char *id);
const struct indicator *roadmap_indicator(const struct roadmap *rm,
					  const char *id);

/** True when the agency exists on some day of [from, to]. */
bool agency_valid_between(const struct agency *a, int32_t from, int32_t to);

/** True when code is who, or took over from who through mergers. */
bool agency_is_or_succeeds(const struct roadmap *rm, const char *who,
			   const char *code);

/**
 * True when agency leads or supports t, directly or as the successor
 * (after a merger) of its lead or of a supporter.
 */
bool task_involves(const struct roadmap *rm, const struct task *t,
		   const char *agency);

/** A foreign key resolver over this roadmap's agencies, tasks, indicators. */
struct fk_resolver roadmap_resolver(const struct roadmap *rm);

void roadmap_free(struct roadmap *rm);

#endif
