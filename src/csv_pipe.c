/*
 * csv_pipe: double-buffered batches between a reading thread and the
 * caller. The producer copies each record (or error) from csv_reader into
 * its batch; when the batch is full it waits until the caller has used up
 * the other one, and they swap. Memory: two batches of BATCH_BYTES or so.
 */
#include "csv_pipe.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"

#define BATCH_ITEMS 1024
#define BATCH_BYTES (256 * 1024)

struct pitem {
	bool is_error;
	struct csv_error err;
	size_t first, n;        /* fields in batch->fields */
	unsigned long line, end_line, end_col;
};

struct batch {
	struct strbuf vals;
	struct csv_field *fields; /* value set when handed out */
	size_t *offs;             /* each field's value in vals */
	size_t nfields, fields_cap, offs_cap;
	struct pitem *items;
	size_t nitems, items_cap;
};

struct csv_pipe {
	struct csv_reader *r;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct batch b[2];
	int prod;               /* the producer's batch; the caller's is !prod */
	bool caller_idle;       /* the caller has used up its batch */
	bool producer_done;     /* no batch will come any more */
	bool stop;              /* close() wants the producer to end */

	size_t next;            /* the caller's next item */
	struct csv_record rec;
	struct csv_error err;
};

static void batch_reset(struct batch *b)
{
	strbuf_reset(&b->vals);
	b->nfields = 0;
	b->nitems = 0;
}

static void batch_release(struct batch *b)
{
	strbuf_release(&b->vals);
	free(b->fields);
	free(b->offs);
	free(b->items);
}

static void add_record(struct batch *b, const struct csv_record *rec)
{
	struct pitem *it;
	size_t i;

	XGROW(b->items, b->nitems + 1, b->items_cap);
	XGROW(b->fields, b->nfields + rec->nfields, b->fields_cap);
	XGROW(b->offs, b->nfields + rec->nfields, b->offs_cap);
	it = &b->items[b->nitems++];
	memset(it, 0, sizeof(*it));
	it->first = b->nfields;
	it->n = rec->nfields;
	it->line = rec->line;
	it->end_line = rec->end_line;
	it->end_col = rec->end_col;
	if (rec->nfields) {
		/* the values are contiguous (csv_reader.h): one copy */
		const char *base = rec->fields[0].value;
		const struct csv_field *last = &rec->fields[rec->nfields - 1];
		size_t start = b->vals.len;

		strbuf_add(&b->vals, base,
			   (size_t)(last->value + last->len + 1 - base));
		for (i = 0; i < rec->nfields; i++) {
			b->offs[b->nfields] = start +
				(size_t)(rec->fields[i].value - base);
			b->fields[b->nfields++] = rec->fields[i];
		}
	}
}

static void add_error(struct batch *b, const struct csv_error *e)
{
	struct pitem *it;

	XGROW(b->items, b->nitems + 1, b->items_cap);
	it = &b->items[b->nitems++];
	memset(it, 0, sizeof(*it));
	it->is_error = true;
	it->err = *e;
}

/* Hand the full batch over once the caller is done with the other one. */
static bool hand_over(struct csv_pipe *p, bool last)
{
	struct batch *b = &p->b[p->prod];
	bool go_on;
	size_t i;

	/* the values have stopped moving: point the fields at them, so
	   that the caller takes records as they stand */
	for (i = 0; i < b->nfields; i++)
		b->fields[i].value = b->vals.buf + b->offs[i];
	pthread_mutex_lock(&p->lock);
	while (!p->caller_idle && !p->stop)
		pthread_cond_wait(&p->cond, &p->lock);
	go_on = !p->stop;
	if (go_on) {
		p->prod = !p->prod;
		batch_reset(&p->b[p->prod]);
		p->next = 0;
		p->caller_idle = false;
	}
	if (last || !go_on)
		p->producer_done = true;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	return go_on;
}

static void *produce(void *arg)
{
	struct csv_pipe *p = arg;
	const struct csv_record *rec;

	for (;;) {
		struct batch *b = &p->b[p->prod];
		int rc = csv_reader_next(p->r, &rec);

		if (rc > 0)
			add_record(b, rec);
		else if (rc < 0)
			add_error(b, csv_reader_error(p->r));
		if (rc == 0) {
			hand_over(p, true);
			break;
		}
		if ((b->nitems >= BATCH_ITEMS || b->vals.len >= BATCH_BYTES) &&
		    !hand_over(p, false))
			break;
	}
	return NULL;
}

struct csv_pipe *csv_pipe_open(const char *path)
{
	struct csv_pipe *p = xcalloc(1, sizeof(*p));

	p->r = csv_reader_open_async(path);
	strbuf_init(&p->b[0].vals);
	strbuf_init(&p->b[1].vals);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	/* the producer fills b[0]; the caller's b[1] starts empty, and its
	   first next() finds so and waits, as for any used-up batch */
	p->prod = 0;
	p->caller_idle = false;
	if (pthread_create(&p->thread, NULL, produce, p) != 0)
		xmalloc((size_t)-1); /* no thread: as fatal as no memory */
	return p;
}

int csv_pipe_next(struct csv_pipe *p, const struct csv_record **rec)
{
	for (;;) {
		struct batch *b = &p->b[!p->prod];

		if (p->next < b->nitems) {
			const struct pitem *it = &b->items[p->next++];

			if (it->is_error) {
				p->err = it->err;
				return -1;
			}
			p->rec.fields = b->fields + it->first;
			p->rec.nfields = it->n;
			p->rec.line = it->line;
			p->rec.end_line = it->end_line;
			p->rec.end_col = it->end_col;
			*rec = &p->rec;
			return 1;
		}
		pthread_mutex_lock(&p->lock);
		if (p->producer_done && p->caller_idle) {
			pthread_mutex_unlock(&p->lock);
			return 0;
		}
		p->caller_idle = true;
		pthread_cond_broadcast(&p->cond);
		while (p->caller_idle && !p->producer_done)
			pthread_cond_wait(&p->cond, &p->lock);
		pthread_mutex_unlock(&p->lock);
	}
}

const struct csv_error *csv_pipe_error(const struct csv_pipe *p)
{
	return &p->err;
}

void csv_pipe_close(struct csv_pipe *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	csv_reader_close(p->r);
	batch_release(&p->b[0]);
	batch_release(&p->b[1]);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	free(p);
}
