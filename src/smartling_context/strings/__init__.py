"""Strings files: reading each format, the catalog of a manifest's files, git trees and globs, and the diff down to the key."""
