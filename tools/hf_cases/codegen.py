"""CodeGen: defaults, codegen-350M-mono and codegen-2B-mono as published, both heads, and every option the template reads."""

TINY = dict(vocab_size=128, n_positions=32, n_ctx=32, n_embd=64, n_layer=2, n_head=4, rotary_dim=8,
            bos_token_id=0, eos_token_id=0)


def published(n_embd, n_head, n_layer, rotary_dim):
    """Salesforce/codegen-*-mono config.json (they differ only in these)."""
    return dict(activation_function="gelu_new", attn_pdrop=0.0, bos_token_id=1, embd_pdrop=0.0, eos_token_id=50256,
                gradient_checkpointing=False, initializer_range=0.02, layer_norm_epsilon=1e-05, n_ctx=2048,
                n_embd=n_embd, n_head=n_head, n_inner=None, n_layer=n_layer, n_positions=2048, resid_pdrop=0.0,
                rotary_dim=rotary_dim, scale_attn_weights=True, summary_activation=None, summary_first_dropout=0.1,
                summary_proj_to_labels=True, summary_type="cls_index", summary_use_proj=True,
                tie_word_embeddings=False, tokenizer_class="GPT2Tokenizer", use_cache=True, vocab_size=51200)


CASES = [
    dict(case_id="codegen-defaults", model_type="codegen", config={}, architecture="CodeGenForCausalLM",
         source="CodeGenConfig() defaults"),
    dict(case_id="codegen-350m-mono", model_type="codegen", architecture="CodeGenForCausalLM",
         source="Salesforce/codegen-350M-mono config.json", config=published(1024, 16, 20, 32)),
    dict(case_id="codegen-2b-mono", model_type="codegen", architecture="CodeGenForCausalLM",
         source="Salesforce/codegen-2B-mono config.json", config=published(2560, 32, 32, 64)),
    dict(case_id="codegen-tiny-options", model_type="codegen", architecture="CodeGenForCausalLM",
         source="n_inner, tied lm_head (its bias stays), odd rotary_dim",
         config=dict(TINY, n_inner=96, tie_word_embeddings=True, rotary_dim=7)),
    dict(case_id="codegen-tiny-rotary-all", model_type="codegen", architecture="CodeGenForCausalLM",
         source="rotary_dim 0: the table covers all of n_embd", config=dict(TINY, rotary_dim=0)),
    dict(case_id="codegen-tiny-aliases", model_type="codegen", architecture="CodeGenForCausalLM",
         source="attribute_map aliases (hidden_size, num_attention_heads, ...) win over n_embd, n_head, ...",
         config=dict(TINY, hidden_size=48, num_attention_heads=3, num_hidden_layers=3, max_position_embeddings=16)),
    dict(case_id="codegen-tiny-model", model_type="codegen", architecture="CodeGenModel", source="base model",
         config=dict(TINY)),
]
