# bash completion for rbsearch and rbindex.
# Installed as share/bash-completion/completions/{rbsearch,rbindex}.

_rbsearch()
{
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	--format)
		COMPREPLY=($(compgen -W "text json trec bibtex csl-json" -- "$cur"))
		return ;;
	--cite-style)
		COMPREPLY=($(compgen -W "pandoc latex" -- "$cur"))
		return ;;
	--color|--colour)
		COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
		return ;;
	--sort)
		COMPREPLY=($(compgen -W "relevance date -date" -- "$cur"))
		return ;;
	--db|--batch)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	-n|--limit|--offset|--per-doc)
		return ;;
	esac
	case $cur in
	-*)
		COMPREPLY=($(compgen -W "--db --limit --offset --per-doc --format --color
			--batch --matches --explain --count --no-spell --partial --expand --analyze
			--no-default-glossary
			--cite-style --sort --list --help --version" -- "$cur"))
		;;
	kind:*)
		COMPREPLY=($(compgen -W "kind:body kind:note kind:reference" -- "$cur"))
		;;
	format:*)
		COMPREPLY=($(compgen -W "format:text format:pdf format:html format:epub
			format:docx format:odt format:image format:djvu" -- "$cur"))
		;;
	*)
		COMPREPLY=($(compgen -W "title: author: source: cites: kind: format: date: key: doi: type: path: doc:" -- "$cur"))
		[ ${#COMPREPLY[@]} -gt 0 ] && compopt -o nospace 2>/dev/null
		;;
	esac
}

_rbindex()
{
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	--db)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	--library|-L)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--jobs|-j|--shards|--exclude)
		COMPREPLY=()
		return ;;
	esac
	case $cur in
	-*)
		COMPREPLY=($(compgen -W "--db --library --no-library --exclude --no-exclude --rebuild --jobs --shards --check --quiet --verbose --help --version" -- "$cur"))
		;;
	*)
		COMPREPLY=($(compgen -f -- "$cur"))
		;;
	esac
}

complete -F _rbsearch rbsearch
complete -F _rbindex rbindex
