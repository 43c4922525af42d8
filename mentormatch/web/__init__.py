"""View helpers shared by the features: the member, paging, forms, errors, headers."""
