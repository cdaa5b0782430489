"""The reader's own data: read marks, stars, watch and mute lists.

It lives in ``<data_dir>/reader/``, apart from the cache: deleting ``cache/`` loses none
of it. Every file is replaced atomically; a corrupt one is moved aside with a notice.
"""
