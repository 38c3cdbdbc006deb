/* meta.c - releasing the metadata records. */
#include "model/meta.h"

#include <stdlib.h>
#include <string.h>

void meta_text_release(struct meta_text *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->locale[i]);
		free(t->value[i]);
	}
	free(t->locale);
	free(t->value);
	free(t->text);
	memset(t, 0, sizeof(*t));
}

void meta_realm_release(struct meta_realm *r)
{
	meta_text_release(&r->name);
	meta_text_release(&r->category);
	free(r->slug);
	free(r->locale);
	free(r->timezone);
	free(r->type);
}

void meta_connected_realm_release(struct meta_connected_realm *cr)
{
	for (size_t i = 0; i < cr->nrealms; i++)
		meta_realm_release(&cr->realms[i]);
	free(cr->realms);
	free(cr->status);
	free(cr->population);
	memset(cr, 0, sizeof(*cr));
}

void meta_item_release(struct meta_item *it)
{
	meta_text_release(&it->name);
	meta_text_release(&it->item_class);
	meta_text_release(&it->item_subclass);
	free(it->quality);
	free(it->inventory_type);
	memset(it, 0, sizeof(*it));
}

void meta_pet_release(struct meta_pet *pet)
{
	meta_text_release(&pet->name);
	free(pet->battle_pet_type);
	memset(pet, 0, sizeof(*pet));
}
