#!/bin/sh
# Jib loads images into a "Docker" it calls by path; this hands them to podman (load, inspect), found on PATH.
exec podman "$@"
